/**
 * BM25 over a small table's passages held in memory, ranking as the table's LanceDB full-text index does: the same
 * analysis (text/fulltext-terms.ts), the same BM25 (k1 1.2, b 0.75, LanceDB's idf, document length in index terms,
 * repeated query words counted once) in the same 32-bit floats.
 *
 * Why hold it: a LanceDB full-text query runs on LanceDB's native threads, so one questionnaire row answered in
 * JavaScript also keeps a second core busy, and rows answered in parallel on two cores wait on each other's native
 * work. Over a few thousand passages a query here takes well under a millisecond on the thread that asked, and the
 * passages come from memory too, so a row's retrieval runs wholly on its own thread. Above `fulltextInMemoryUpTo`
 * passages the analysis at start-up and the postings would cost more than they save, and LanceDB's index serves.
 */
import type { Passage } from '../corpus/types.js';
import { fulltextTerms } from '../text/fulltext-terms.js';
import type { FilterableFields } from './filters.js';

/** Tables of up to this many passages are searched in memory unless the configuration says otherwise. */
export const fulltextInMemoryUpTo = 30_000;

const k1 = Math.fround(1.2);
const b = Math.fround(0.75);
const f32 = Math.fround;

export interface MemoryFulltextRow {
  id: string;
  searchText: string;
  passage: Passage;
  fields: FilterableFields;
}

export class MemoryFulltext {
  private readonly ids: string[];
  readonly passages: Map<string, Passage>;
  /** Each row's place among the ids in order: ties are broken by id, as the LanceDB path sorts them. */
  private readonly idOrder: Uint32Array;
  private readonly rowFields: FilterableFields[];
  private readonly terms = new Map<string, number>();
  private readonly postingRows: Uint32Array[] = [];
  private readonly postingFrequencies: Uint16Array[] = [];
  /** Each row's BM25 length norm, k1 · (1 − b + b · length / average length). */
  private readonly norms: Float32Array;
  private readonly scores: Float32Array;

  constructor(rows: readonly MemoryFulltextRow[]) {
    this.ids = rows.map((row) => row.id);
    this.passages = new Map(rows.map((row) => [row.id, row.passage]));
    this.rowFields = rows.map((row) => row.fields);
    this.idOrder = new Uint32Array(rows.length);
    [...this.ids.keys()]
      .sort((left, right) => (this.ids[left]! < this.ids[right]! ? -1 : this.ids[left]! > this.ids[right]! ? 1 : 0))
      .forEach((row, place) => (this.idOrder[row] = place));
    const lengths = new Uint32Array(rows.length);
    this.scores = new Float32Array(rows.length);
    const growingRows: number[][] = [];
    const growingFrequencies: number[][] = [];
    let totalTerms = 0;
    rows.forEach((row, rowNumber) => {
      const terms = fulltextTerms(row.searchText);
      lengths[rowNumber] = terms.length;
      totalTerms += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        let number = this.terms.get(term);
        if (number === undefined) {
          number = growingRows.length;
          this.terms.set(term, number);
          growingRows.push([]);
          growingFrequencies.push([]);
        }
        growingRows[number]!.push(rowNumber);
        growingFrequencies[number]!.push(Math.min(count, 65_535));
      }
    });
    for (let number = 0; number < growingRows.length; number += 1) {
      this.postingRows.push(Uint32Array.from(growingRows[number]!));
      this.postingFrequencies.push(Uint16Array.from(growingFrequencies[number]!));
    }
    const averageLength = rows.length === 0 ? 1 : f32(totalTerms / rows.length);
    this.norms = Float32Array.from(lengths, (length) =>
      f32(k1 * f32(f32(1 - b) + f32(f32(b * length) / averageLength))),
    );
  }

  /**
   * The top `limit` passages by BM25 for any of the words of `text`, best first, ties by id; only passages whose
   * fields pass `predicate` count (a filter applied before ranking, as LanceDB applies a query's `where`).
   */
  search(
    text: string,
    limit: number,
    predicate?: (fields: FilterableFields) => boolean,
  ): { id: string; score: number }[] {
    if (limit <= 0) return [];
    const rowCount = this.ids.length;
    const touched: number[] = [];
    for (const term of new Set(fulltextTerms(text))) {
      const number = this.terms.get(term);
      if (number === undefined) continue;
      const rows = this.postingRows[number]!;
      const frequencies = this.postingFrequencies[number]!;
      const idf = f32(Math.log(f32(f32(f32(rowCount - rows.length + 0.5) / f32(rows.length + 0.5)) + 1)));
      for (let index = 0; index < rows.length; index += 1) {
        const row = rows[index]!;
        const frequency = frequencies[index]!;
        const weight = f32(f32(f32(k1 + 1) * frequency) / f32(frequency + this.norms[row]!));
        if (this.scores[row] === 0) touched.push(row);
        this.scores[row] = f32(this.scores[row]! + f32(idf * weight));
      }
    }
    const scores = this.scores;
    const order = this.idOrder;
    /** Whether row `left` ranks below row `right`: a lower score, or an equal score and a later id. */
    const below = (left: number, right: number) =>
      scores[left]! < scores[right]! || (scores[left] === scores[right] && order[left]! > order[right]!);
    // The best `limit` rows in a heap whose root is the worst kept: most rows a common word reaches never enter it.
    const heap: number[] = [];
    for (const row of touched) {
      if (predicate && !predicate(this.rowFields[row]!)) continue;
      if (heap.length < limit) {
        heap.push(row);
        siftUp(heap, heap.length - 1, below);
      } else if (below(heap[0]!, row)) {
        heap[0] = row;
        siftDown(heap, 0, below);
      }
    }
    heap.sort((left, right) => (below(left, right) ? 1 : below(right, left) ? -1 : 0));
    const top = heap.map((row) => ({ id: this.ids[row]!, score: scores[row]! }));
    for (const row of touched) scores[row] = 0;
    return top;
  }
}

type Below = (left: number, right: number) => boolean;

function siftUp(heap: number[], position: number, below: Below): void {
  while (position > 0) {
    const parent = (position - 1) >> 1;
    if (!below(heap[position]!, heap[parent]!)) return;
    [heap[position], heap[parent]] = [heap[parent]!, heap[position]!];
    position = parent;
  }
}

function siftDown(heap: number[], position: number, below: Below): void {
  for (;;) {
    const left = 2 * position + 1;
    const right = left + 1;
    let worst = position;
    if (left < heap.length && below(heap[left]!, heap[worst]!)) worst = left;
    if (right < heap.length && below(heap[right]!, heap[worst]!)) worst = right;
    if (worst === position) return;
    [heap[position], heap[worst]] = [heap[worst]!, heap[position]!];
    position = worst;
  }
}
