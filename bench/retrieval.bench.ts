/**
 * Retrieval benchmark: ingest throughput and search latency (full text, vector, hybrid) at 10k and 100k passages,
 * each beside MiniSearch configured as plain BM25 (k1 1.2, b 0.75, no BM25+ offset) over the same passages in the
 * same run, and the hybrid beside LanceDB's own hybrid search (native-hybrid-peer.ts: its full-text index and an
 * HNSW-SQ index tuned to >= 0.95 vector recall of exact), plus peak memory and which vector path serves the queries.
 * Searches are interleaved (subject, peer, subject, ...) so background load on the machine hits both alike.
 *
 *   npm run bench -- retrieval [--sizes 10000,100000] [--queries 300] [--sources <folder>] [--no-native]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embed } from 'ai';
import MiniSearch from 'minisearch';
import { openSearchableIndex } from '../src/retrieve/searchable-index.js';
import { createEmbeddingModel } from '../src/index/embedding/index.js';
import { loadLanceDb } from '../src/index/lancedb.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import {
  defaultSourcesDirectory,
  makePassages,
  makeQueries,
  readSourceSentences,
  writeBenchCorpus,
} from './passages.js';
import { openNativeHybridPeer, quietLanceDbWarnings, type NativeHybridPeer } from './native-hybrid-peer.js';
import {
  benchConfig,
  megabytes,
  option,
  percentile,
  trackPeakMemory,
  type BenchRow,
  type BenchSuite,
} from './suite.js';

const methods: SearchMethod[] = ['fulltext', 'vector', 'hybrid'];
const warmupQueries = 20;

const label = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size)) + ' passages';

export const suite: BenchSuite = {
  name: 'retrieval',
  description: 'ingest throughput and search latency (fulltext, vector, hybrid) vs MiniSearch BM25',
  async run({ config, argv, log }) {
    const sizes = (option(argv, '--sizes') ?? '10000,100000').split(',').map(Number);
    const queryCount = Number(option(argv, '--queries') ?? 300);
    const withNativePeer = !argv.includes('--no-native');
    if (withNativePeer) quietLanceDbWarnings();
    const sentences = await readSourceSentences(option(argv, '--sources') ?? defaultSourcesDirectory);
    const rows: BenchRow[] = [];
    const notes: string[] = [`${sentences.length} source sentences; ${queryCount} queries per size`];

    for (const size of sizes) {
      const scenario = label(size);
      const workspace = await mkdtemp(path.join(os.tmpdir(), `bench-retrieval-${size}-`));
      try {
        const passages = makePassages(sentences, size);
        const corpusDirectory = path.join(workspace, 'corpus');
        await writeBenchCorpus(passages, corpusDirectory);
        const suiteConfig = benchConfig(config, { dataDirectory: path.join(workspace, 'data'), corpusDirectory });
        const embeddingModel = createEmbeddingModel(suiteConfig);

        // Ingest: the full pipeline (read, chunk, embed, write, indexes), timed by phase.
        log(`${scenario}: ingesting with ${embeddingModel.provider}:${embeddingModel.modelId}`);
        const memory = trackPeakMemory();
        const index = await openSearchableIndex({ config: suiteConfig, embeddingModel });
        const phaseStarts = new Map<string, number>();
        const ingestStarted = performance.now();
        const summary = await index.reindex({
          onProgress: (event) => {
            if (!phaseStarts.has(event.phase)) phaseStarts.set(event.phase, performance.now());
          },
        });
        const ingestSeconds = (performance.now() - ingestStarted) / 1000;
        const indexingSeconds =
          ((phaseStarts.get('done') ?? performance.now()) - (phaseStarts.get('indexing') ?? ingestStarted)) / 1000;
        const ingestPeak = memory.stop();
        if (summary.passages !== size) notes.push(`${scenario}: the chunker made ${summary.passages} passages`);

        const peerStarted = performance.now();
        const miniSearch = new MiniSearch<{ id: string; text: string }>({
          fields: ['text'],
          storeFields: [],
          searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0 } },
        });
        miniSearch.addAll(passages.map((passage) => ({ id: passage.id, text: `${passage.heading}\n${passage.text}` })));
        const peerIngestSeconds = (performance.now() - peerStarted) / 1000;

        rows.push(
          {
            scenario,
            metric: 'ingest throughput (full pipeline)',
            value: summary.passages / ingestSeconds,
            unit: 'passages/s',
            peer: { name: 'MiniSearch addAll', value: size / peerIngestSeconds },
          },
          {
            scenario,
            metric: 'index build (full text + vector + scalar)',
            value: indexingSeconds,
            unit: 's',
            ...(size >= 100_000 ? { target: { max: 15 } } : {}),
          },
        );

        // Search: warm up, then interleave every method with the peers, query by query.
        const queries = makeQueries(passages, queryCount + warmupQueries);
        const embedQuery = async (query: string) => (await embed({ model: embeddingModel, value: query })).embedding;
        let nativePeer: NativeHybridPeer | undefined;
        if (withNativePeer) {
          log(`${scenario}: building LanceDB's own hybrid peer`);
          const status = await index.status();
          const connection = await (await loadLanceDb()).connect(suiteConfig.lancedbUri);
          const vectors = await Promise.all(queries.slice(0, 50).map(embedQuery));
          nativePeer = await openNativeHybridPeer(connection, await connection.openTable(status.table), { vectors });
          notes.push(
            `${scenario}: peer ${nativePeer.description}, vector recall@10 ${nativePeer.vectorRecall.toFixed(3)} of exact, built in ${nativePeer.buildSeconds.toFixed(1)} s`,
          );
        }
        const latencies = new Map<string, number[]>(
          [...methods, 'minisearch', 'native hybrid'].map((name) => [name, []]),
        );
        const searchMemory = trackPeakMemory();
        for (const [position, query] of queries.entries()) {
          for (const method of methods) {
            const started = performance.now();
            await index.search(query, { k: 10, method });
            if (position >= warmupQueries) latencies.get(method)!.push(performance.now() - started);
          }
          const started = performance.now();
          miniSearch.search(query).slice(0, 10);
          if (position >= warmupQueries) latencies.get('minisearch')!.push(performance.now() - started);
          if (nativePeer) {
            // The peer embeds the query too, as the project's hybrid does inside `search`.
            const nativeStarted = performance.now();
            await nativePeer.search(query, await embedQuery(query));
            if (position >= warmupQueries) latencies.get('native hybrid')!.push(performance.now() - nativeStarted);
          }
        }
        const searchPeak = searchMemory.stop();
        nativePeer?.close();
        if (nativePeer) {
          const hybrid = latencies.get('hybrid')!;
          const native = latencies.get('native hybrid')!;
          for (const [name, fraction] of [
            ['p50', 0.5],
            ['p95', 0.95],
          ] as const) {
            rows.push({
              scenario,
              metric: `hybrid search ${name}, beside LanceDB's own hybrid`,
              value: percentile(hybrid, fraction),
              unit: 'ms',
              peer: { name: `${nativePeer.description} ${name}`, value: percentile(native, fraction) },
              target: { maxRatio: 1 },
            });
          }
        }
        const peer = latencies.get('minisearch')!;
        for (const method of methods) {
          const values = latencies.get(method)!;
          for (const [name, fraction, target] of [
            ['p50', 0.5, 10],
            ['p95', 0.95, 20],
          ] as const) {
            rows.push({
              scenario,
              metric: `${method} search ${name}`,
              value: percentile(values, fraction),
              unit: 'ms',
              peer: { name: `MiniSearch BM25 ${name}`, value: percentile(peer, fraction) },
              ...(method === 'hybrid' && size >= 100_000 ? { target: { max: target } } : {}),
            });
          }
        }
        rows.push({
          scenario,
          metric: 'peak memory (RSS)',
          value: megabytes(Math.max(ingestPeak, searchPeak)),
          unit: 'MB',
        });

        // Which vector path serves queries: exact in memory or an ANN index; never a flat LanceDB scan at >= 50k.
        const status = await index.status();
        const lancedb = await loadLanceDb();
        const connection = await lancedb.connect(suiteConfig.lancedbUri);
        const table = await connection.openTable(status.table);
        const indices = await table.listIndices();
        const vectorIndex = indices.find((item) => item.columns.includes('vector'));
        notes.push(
          `${scenario}: vector search by ${vectorIndex ? `${vectorIndex.indexType} index` : 'exact in-memory scan'}` +
            `; indexes: ${indices.map((item) => `${item.name} (${item.indexType})`).join(', ')}`,
        );
        table.close();
        connection.close();
        await index.close();
      } finally {
        await rm(workspace, { recursive: true, force: true });
      }
    }
    return { rows, notes };
  },
};
