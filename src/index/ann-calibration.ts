/**
 * How the ANN vector index is searched, chosen when it is built rather than fixed in code: the partitions probed per
 * query and the refine factor (how many times `limit` candidates are re-ranked with the full vectors) grow, step by
 * step, until the index's top 10 holds at least `targetRecall` of the exact top 10.
 *
 * An IVF-PQ index's recall depends on the corpus, its size and the embedding model, so one fixed setting cannot suit
 * a user's own corpus and model. The sample queries are question-sized: runs of 3, 6 and 12 words (stop words
 * not counted) from evenly spaced passages, embedded by the index's own model, and the settings must reach the
 * target at every length. Passages' stored vectors as queries (the held-out points of ANN benchmarks) flatter the
 * index: with the hashing vectors at a million passages they found 0.995 of the exact top 10 at the cheapest
 * setting, where the retrieval bench's questions found 0.43, since a short text's vector has few components and its
 * neighbours spread over many partitions. Samples of 10 words alone chose settings that found 0.953 of the exact
 * top 10 on them and 0.85 on the bench's questions of 2 to 4 words: the shortest questions set the settings.
 */
import type { Table } from '@lancedb/lancedb';
import { stopWords } from '../text/stop-words.js';
import { passageColumns } from './schema.js';

export interface AnnSearchSettings {
  /** IVF partitions probed per query. */
  probes: number;
  /** Candidates re-ranked with the full vectors, as a multiple of the limit. */
  refineFactor: number;
  /** The share of the exact top 10 found at these settings on the sample queries of the length where it is lowest. */
  recall: number;
}

/** What indexes built before the settings were chosen at build time are searched with. */
export const defaultAnnSearch: AnnSearchSettings = { probes: 20, refineFactor: 4, recall: Number.NaN };

/** Settings tried in order, cheapest first; those probing more partitions than the index has are skipped. */
const steps: ReadonlyArray<readonly [probes: number, refineFactor: number]> = [
  [20, 4],
  [20, 10],
  [40, 10],
  [80, 10],
  [80, 20],
  [160, 20],
  [240, 20],
  [320, 30],
  [480, 30],
  [640, 40],
  [960, 50],
];

const neighbours = 10;

/** Words (stop words not counted) of a passage taken as a sample question: from a few keywords to a sentence. */
const questionLengths = [3, 6, 12];

/** The first `length` words of `text`, with the stop words among them but not counted. */
function leadingWords(text: string, length: number): string {
  const taken: string[] = [];
  let counted = 0;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (counted >= length) break;
    taken.push(word);
    if (!stopWords.has(word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))) counted += 1;
  }
  return taken.join(' ');
}

export interface CalibrationOptions {
  /** The index's partitions: settings probing more are not tried. */
  partitions: number;
  /** The index's embedding model, for the sample questions. */
  embed: (texts: string[]) => Promise<number[][]>;
  samples?: number;
  targetRecall?: number;
}

export async function calibrateAnnSearch(table: Table, options: CalibrationOptions): Promise<AnnSearchSettings> {
  const rows = await table.countRows();
  const samples = Math.min(options.samples ?? 60, rows);
  const targetRecall = options.targetRecall ?? 0.95;
  // Evenly spaced rows, so the sample is the same for the same table.
  const offsets = Array.from({ length: samples }, (_, index) => Math.floor((index * rows) / samples));
  const sampled = await table.takeOffsets(offsets).select([passageColumns.text]).toArray();
  const lengths = sampled.map((_, position) => questionLengths[position % questionLengths.length]!);
  const questions = sampled.map((row: Record<string, unknown>, position) =>
    leadingWords(String(row[passageColumns.text]), lengths[position]!),
  );
  // A text of stop words alone can embed to the zero vector, which has no neighbours to find.
  const queries = (await options.embed(questions))
    .map((vector, position) => ({ vector, length: lengths[position]! }))
    .filter(({ vector }) => vector.some((value) => value !== 0));

  const topIds = async (vector: number[], settings?: readonly [number, number]) => {
    let search = table
      .vectorSearch(vector)
      .distanceType('cosine')
      .select([passageColumns.id, '_distance'])
      .limit(neighbours);
    search = settings ? search.nprobes(settings[0]).refineFactor(settings[1]) : search.bypassVectorIndex();
    return (await search.toArray()).map((row: Record<string, unknown>) => String(row[passageColumns.id]));
  };
  const exact: string[][] = [];
  for (const query of queries) exact.push(await topIds(query.vector));

  const usable = steps.filter(([probes]) => probes <= options.partitions);
  const candidates = usable.length > 0 ? usable : [[options.partitions, steps[0]![1]] as const];
  let chosen: AnnSearchSettings = { ...defaultAnnSearch };
  for (const settings of candidates) {
    const found = new Map<number, number>();
    const expected = new Map<number, number>();
    for (const [position, query] of queries.entries()) {
      const approximate = new Set(await topIds(query.vector, settings));
      const inExact = exact[position]!;
      expected.set(query.length, (expected.get(query.length) ?? 0) + inExact.length);
      found.set(query.length, (found.get(query.length) ?? 0) + inExact.filter((id) => approximate.has(id)).length);
    }
    const recalls = [...expected].map(([length, count]) => (count === 0 ? 1 : found.get(length)! / count));
    chosen = {
      probes: settings[0],
      refineFactor: settings[1],
      recall: recalls.length === 0 ? 1 : Math.min(...recalls),
    };
    if (chosen.recall >= targetRecall) break;
  }
  return chosen;
}
