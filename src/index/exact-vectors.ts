/**
 * Exact cosine search over the active table's vectors, held in memory as one padded Float32 matrix with an 8-bit
 * copy: a WebAssembly SIMD kernel (vector-kernel.ts) estimates every row's score from the copy, and the few rows whose
 * estimate can reach the top are rescored from the Float32 rows, which gives exactly the rows and scores of a full
 * scan at about half its cost.
 *
 * A flat LanceDB vector query re-reads and decodes every vector from disk per query (about 1 s at 100k rows here),
 * and the ANN indexes took minutes to build at 100k rows on this 2-CPU machine (IVF-PQ 1-3.5 min, HNSW-SQ 3 min),
 * on every ingest, since each ingest builds a fresh table. Scanning 100k normalised 256-dimensional vectors in memory
 * takes 2-3 milliseconds and is exact. Filters are document-level (jurisdiction, type, vendors, dates), so
 * they are evaluated once per document, and only the rows of the documents that pass are scored: a list over one
 * vendor's passages reads a few dozen rows, not the whole matrix.
 */
import type { Table } from '@lancedb/lancedb';
import type { Vector as ArrowVector } from 'apache-arrow';
import { unknownDocumentFields, type FilterableFields } from './filters.js';
import type { RankedCandidate } from './search-backend.js';
import { VectorMatrix } from './vector-kernel.js';

/** Rows scored between two yields to the event loop (about a millisecond of scanning here). */
const scanSliceRows = 16_384;

export interface RowDirectory {
  ids: string[];
  /** LanceDB row ids, for fetching the rows of hits with `takeRowIds`. */
  rowIds: Float64Array;
  rowIdById: Map<string, number>;
}

export class ExactVectorSearch {
  private constructor(
    private readonly directory: RowDirectory,
    /** Document number of each row, into `documents`. */
    rowDocuments: Uint32Array,
    private readonly documents: FilterableFields[],
    private readonly matrix: VectorMatrix,
  ) {
    this.documentRuns = documents.map(() => []);
    for (let row = 0; row < rowDocuments.length;) {
      const start = row;
      while (row < rowDocuments.length && rowDocuments[row] === rowDocuments[start]) row += 1;
      this.documentRuns[rowDocuments[start]!]!.push([start, row]);
    }
  }

  /**
   * Each document's rows as runs of consecutive rows (a document's passages are written together, so usually one
   * run): a filtered search scores the rows of the documents that pass and no others.
   */
  private readonly documentRuns: [start: number, end: number][][];

  /**
   * Reads ids, row ids and vectors of every row. `documents` gives the filterable fields of each document id; rows
   * of unknown documents are never returned when a filter is set.
   */
  static async load(
    table: Table,
    dimensions: number,
    documents: Map<string, FilterableFields>,
  ): Promise<{ search: ExactVectorSearch; directory: RowDirectory }> {
    const data = await table.query().select(['id', 'document_id', 'vector']).withRowId().toArrow();
    const rows = data.numRows;
    const column = (name: string) => data.getChild(name) as ArrowVector;
    const directory = readDirectory(column('id'), column('_rowid'), rows);

    const documentFields: FilterableFields[] = [];
    const documentNumbers = new Map<string, number>();
    const rowDocuments = new Uint32Array(rows);
    const documentIds = column('document_id');
    for (let row = 0; row < rows; row += 1) {
      const documentId = String(documentIds.get(row));
      let number = documentNumbers.get(documentId);
      if (number === undefined) {
        number = documentFields.length;
        documentNumbers.set(documentId, number);
        documentFields.push(documents.get(documentId) ?? unknownDocumentFields(documentId));
      }
      rowDocuments[row] = number;
    }

    const matrix = new VectorMatrix(rows, dimensions);
    const width = matrix.width;
    let row = 0;
    // Each chunk of the vector column holds one contiguous Float32Array child: copy rows without per-row objects.
    for (const chunk of column('vector').data) {
      const values = chunk.children[0]!.values as Float32Array;
      for (let index = 0; index < chunk.length; index += 1, row += 1) {
        const start = (chunk.offset + index) * dimensions;
        const target = matrix.matrix.subarray(row * width, row * width + dimensions);
        target.set(values.subarray(start, start + dimensions));
        normalise(target);
      }
    }
    matrix.quantiseRows();
    const search = new ExactVectorSearch(directory, rowDocuments, documentFields, matrix);
    return { search, directory };
  }

  /**
   * The top `limit` rows by cosine similarity. The scan runs in slices with a yield to the event loop between them:
   * LanceDB's full-text query, issued alongside in a hybrid search, needs the JavaScript thread between its native
   * steps, and one unbroken scan of 100k rows held it for the whole scan. Searches take turns on the shared buffers.
   */
  search(
    query: ArrayLike<number>,
    limit: number,
    predicate?: (fields: FilterableFields) => boolean,
  ): Promise<RankedCandidate[]> {
    const run = this.turn.then(() => this.scan(query, limit, predicate));
    this.turn = run.catch(() => {});
    return run;
  }

  private turn: Promise<unknown> = Promise.resolve();

  private async scan(
    query: ArrayLike<number>,
    limit: number,
    predicate?: (fields: FilterableFields) => boolean,
  ): Promise<RankedCandidate[]> {
    if (query.length !== this.matrix.dimensions || limit <= 0) return [];
    const unit = Float32Array.from(query);
    normalise(unit);
    this.matrix.setQuery(unit);
    const runs = predicate
      ? this.documents
          .flatMap((fields, document) => (predicate(fields) ? this.documentRuns[document]! : []))
          .sort((left, right) => left[0] - right[0])
      : [[0, this.matrix.rows] as [number, number]];
    let estimatedSinceYield = 0;
    for (const [runStart, runEnd] of runs) {
      for (let start = runStart; start < runEnd; start += scanSliceRows) {
        const count = Math.min(scanSliceRows, runEnd - start);
        if (estimatedSinceYield + count > scanSliceRows) {
          await new Promise((resolve) => setImmediate(resolve));
          estimatedSinceYield = 0;
        }
        this.matrix.estimateRows(start, count);
        estimatedSinceYield += count;
      }
    }

    const topScores: number[] = [];
    const topRows: number[] = [];
    let threshold = 0;
    for (const row of this.matrix.candidates(runs, limit)) {
      const score = this.matrix.scoreRow(row);
      // Orthogonal or opposite vectors share nothing with the query: no evidence, not a weak hit.
      if (score <= threshold) continue;
      let position = topScores.length;
      while (position > 0 && topScores[position - 1]! < score) position -= 1;
      topScores.splice(position, 0, score);
      topRows.splice(position, 0, row);
      if (topScores.length > limit) {
        topScores.pop();
        topRows.pop();
      }
      if (topScores.length === limit) threshold = topScores[limit - 1]!;
    }
    return topRows.map((row, index) => ({ id: this.directory.ids[row]!, score: topScores[index]! }));
  }
}

/** Ids and LanceDB row ids of every row. */
export function readDirectory(ids: ArrowVector, rowIds: ArrowVector, rows: number): RowDirectory {
  const directory: RowDirectory = {
    ids: new Array<string>(rows),
    rowIds: new Float64Array(rows),
    rowIdById: new Map(),
  };
  for (let row = 0; row < rows; row += 1) {
    const id = String(ids.get(row));
    const rowId = Number(rowIds.get(row) as bigint | number);
    directory.ids[row] = id;
    directory.rowIds[row] = rowId;
    directory.rowIdById.set(id, rowId);
  }
  return directory;
}

export async function loadRowDirectory(table: Table): Promise<RowDirectory> {
  const data = await table.query().select(['id']).withRowId().toArrow();
  return readDirectory(data.getChild('id') as ArrowVector, data.getChild('_rowid') as ArrowVector, data.numRows);
}

function normalise(vector: Float32Array): void {
  let sum = 0;
  for (let index = 0; index < vector.length; index += 1) sum += vector[index]! * vector[index]!;
  const norm = Math.sqrt(sum);
  if (norm === 0) return;
  for (let index = 0; index < vector.length; index += 1) vector[index]! /= norm;
}
