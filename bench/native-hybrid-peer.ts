/**
 * LanceDB's own hybrid search as the peer of the project's hybrid: a second table in the same database holding the
 * same passages and the same vectors, with LanceDB's full-text index (the tokenizer settings the project uses) and an
 * IVF-flat vector index, queried as LanceDB documents hybrid search (`nearestTo().fullTextSearch().rerank(RRF)`).
 *
 * ANN indexes trade recall for speed, so the peer is compared at equal vector quality: the partitions probed per
 * query grow until the index's vector top 10 holds at least `minimumVectorRecall` of the exact top 10 on sample
 * queries. Without that a fast peer could simply be returning other passages. IVF-flat rather than HNSW-SQ: on the
 * hashing vectors HNSW-SQ's recall levels off near 0.86 of exact whatever its `ef` (scalar quantisation), and the
 * re-ranking that would lift it (`refineFactor`) fails inside a LanceDB 0.31 hybrid query.
 */
import type { Connection, Table } from '@lancedb/lancedb';
import { buildFulltextIndex } from '../src/index/table-indexes.js';
import { loadLanceDb } from '../src/index/lancedb.js';
import { passageColumns } from '../src/index/schema.js';

export interface NativeHybridPeer {
  /** What the peer runs, for the report: index, its `ef`, and the vector recall measured at it. */
  description: string;
  vectorRecall: number;
  buildSeconds: number;
  search(query: string, vector: number[]): Promise<string[]>;
  /** The exact vector top 10 (a flat scan of the peer's copy of the same vectors), to measure other searches by. */
  exactVectorTop(vector: number[]): Promise<string[]>;
  close(): void;
}

const peerTableName = 'native_hybrid_peer';
/** Rows copied into the peer's table per write: a million passages and their vectors are never held at once. */
const rowsPerWrite = 100_000;
/** Partitions probed per query, tried in order until the vector recall is reached. */
const probeSteps = [5, 10, 20, 40, 60, 80, 120, 160, 240, 320, 480, 640];

/**
 * LanceDB logs a deprecation warning for every hybrid query that selects columns without its score columns (which a
 * hybrid query cannot select); its log level is read when the native module loads, so this runs before that.
 */
export function quietLanceDbWarnings(environment: Record<string, string | undefined> = process.env): void {
  environment.LANCEDB_LOG ??= 'error';
}

export async function openNativeHybridPeer(
  connection: Connection,
  source: Table,
  sample: { vectors: number[][]; minimumVectorRecall?: number },
): Promise<NativeHybridPeer> {
  const { Index, rerankers } = await loadLanceDb();
  const started = performance.now();
  const table = await copyPassages(connection, source);
  const partitions = Math.max(1, Math.round(Math.sqrt(await table.countRows())));
  await buildFulltextIndex(table);
  await table.createIndex(passageColumns.vector, {
    config: Index.ivfFlat({ distanceType: 'cosine', numPartitions: partitions }),
    replace: true,
  });
  const buildSeconds = (performance.now() - started) / 1000;

  const ids = (found: Record<string, unknown>[]) => found.map((row) => String(row[passageColumns.id]));
  // `_distance` is selected because LanceDB warns on every query that leaves its score column out.
  const vectorTop = (vector: number[], probes?: number) => {
    const query = table.vectorSearch(vector).distanceType('cosine').select([passageColumns.id, '_distance']).limit(10);
    return (probes === undefined ? query.bypassVectorIndex() : query.nprobes(probes)).toArray().then(ids);
  };
  const exact = await Promise.all(sample.vectors.map((vector) => vectorTop(vector)));
  const minimum = sample.minimumVectorRecall ?? 0.95;
  let probes = probeSteps[0]!;
  let vectorRecall = 0;
  for (probes of probeSteps.filter((step) => step <= partitions)) {
    let found = 0;
    let expected = 0;
    for (const [position, vector] of sample.vectors.entries()) {
      const approximate = new Set(await vectorTop(vector, probes));
      expected += exact[position]!.length;
      found += exact[position]!.filter((id) => approximate.has(id)).length;
    }
    vectorRecall = expected === 0 ? 1 : found / expected;
    if (vectorRecall >= minimum) break;
  }

  const reranker = await rerankers.RRFReranker.create(60);
  return {
    description: `LanceDB hybrid (FTS + IVF-flat ${partitions} partitions, ${probes} probed, RRF)`,
    vectorRecall,
    buildSeconds,
    search: async (query, vector) =>
      ids(
        // A query of stop words alone embeds to the zero vector, which finds nothing, and LanceDB 0.31's RRF
        // reranker then fails on the empty list ("expected column _distance"); such a query runs as full text.
        vector.every((value) => value === 0)
          ? await table.search(query, 'fts').select([passageColumns.id]).limit(10).toArray()
          : await table
              .query()
              .nearestTo(vector)
              .distanceType('cosine')
              .nprobes(probes)
              .fullTextSearch(query)
              .rerank(reranker)
              .select([passageColumns.id])
              .limit(10)
              .toArray(),
      ),
    exactVectorTop: (vector) => vectorTop(vector),
    close: () => table.close(),
  };
}

/**
 * The peer's table: the source's ids, search text and vectors, copied across a slice at a time (a plain scan of a
 * table nobody writes to returns its rows in the same order every time).
 */
async function copyPassages(connection: Connection, source: Table): Promise<Table> {
  const total = await source.countRows();
  let table: Table | undefined;
  for (let offset = 0; offset < total; offset += rowsPerWrite) {
    const rows = await source
      .query()
      .select([passageColumns.id, passageColumns.searchText, passageColumns.vector])
      .offset(offset)
      .limit(rowsPerWrite)
      .toArrow();
    if (table) await table.add(rows);
    else table = await connection.createTable(peerTableName, rows, { mode: 'overwrite' });
  }
  if (!table) throw new Error('the source table has no passages to copy');
  return table;
}
