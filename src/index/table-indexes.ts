/**
 * The indexes every new passages table gets before it becomes active: the full-text (BM25) index over the search
 * column, a scalar index for document lookups, and an ANN vector index only when the vectors are too many to hold
 * in memory.
 *
 * The full-text index is built with `withPosition: false`: LanceDB 0.31 fails in `optimize()` on FTS indexes with
 * positions (lance#7653, lance#8310) and positions only serve phrase queries, which we do not offer. Tables are
 * never optimized in place anyway: each ingest builds a fresh table.
 */
import type { Table } from '@lancedb/lancedb';
import { calibrateAnnSearch, type AnnSearchSettings } from './ann-calibration.js';
import { loadLanceDb } from './lancedb.js';
import type { IndexManifest } from './manifest.js';
import { passageColumns } from './schema.js';

/**
 * Up to this many vector components (rows × dimensions, 800 MB of floats) the vectors are searched exactly in memory
 * (exact-vectors.ts): about 2 ms at 100k × 100 and no index to build. Beyond it (say, a million OpenAI vectors) the
 * table gets an IVF-PQ index instead. A flat LanceDB scan, which re-reads every vector per query, is never used.
 */
export const exactVectorSearchLimit = 200_000_000;

export function chooseVectorIndex(
  rows: number,
  dimensions: number,
  limit = exactVectorSearchLimit,
): IndexManifest['vectorIndex'] {
  return rows * dimensions <= limit ? 'none' : 'ivf_pq';
}

/**
 * The largest divisor of `dimensions` that gives sub-vectors of at least `minimumWidth` components. Sub-vectors of 8
 * compress the hashing vectors too coarsely for re-ranking to repair: on 200k bench passages their top 10 held at
 * most 0.87 of the exact top 10 at any setting the calibration tries, where sub-vectors of 4 reached 0.95.
 */
function subVectorCount(dimensions: number, minimumWidth = 4): number {
  for (let count = Math.floor(dimensions / minimumWidth); count > 1; count -= 1) {
    if (dimensions % count === 0) return count;
  }
  return 1;
}

export async function buildFulltextIndex(table: Table): Promise<void> {
  const { Index } = await loadLanceDb();
  await table.createIndex(passageColumns.searchText, {
    config: Index.fts({
      withPosition: false,
      baseTokenizer: 'simple',
      language: 'English',
      stem: true,
      removeStopWords: true,
      lowercase: true,
      asciiFolding: true,
    }),
    replace: true,
  });
}

/**
 * Builds the indexes; with an ANN index, also chooses how it is searched (ann-calibration.ts: sample questions
 * embedded by `embed`). `exactVectorLimit` is `exactVectorSearchLimit` but for tests, which need an ANN index on a
 * table small enough to build in a second.
 */
export async function buildTableIndexes(
  table: Table,
  rows: number,
  dimensions: number,
  options: { embed: (texts: string[]) => Promise<number[][]>; exactVectorLimit?: number },
): Promise<{ vectorIndex: IndexManifest['vectorIndex']; annSearch?: AnnSearchSettings }> {
  if (rows === 0) return { vectorIndex: 'none' };
  const { Index } = await loadLanceDb();
  await buildFulltextIndex(table);
  await table.createIndex(passageColumns.documentId, { config: Index.btree(), replace: true });
  const vectorIndex = chooseVectorIndex(rows, dimensions, options.exactVectorLimit);
  if (vectorIndex === 'none') return { vectorIndex };
  const partitions = Math.max(1, Math.round(Math.sqrt(rows)));
  await table.createIndex(passageColumns.vector, {
    config: Index.ivfPq({
      distanceType: 'cosine',
      numPartitions: partitions,
      numSubVectors: subVectorCount(dimensions),
    }),
    replace: true,
  });
  return { vectorIndex, annSearch: await calibrateAnnSearch(table, { partitions, embed: options.embed }) };
}
