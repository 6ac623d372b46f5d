/**
 * Retrieval benchmark: ingest throughput and search latency (full text, vector, hybrid) at 10k and 100k passages,
 * each beside MiniSearch configured as plain BM25 (k1 1.2, b 0.75, no BM25+ offset) over the same passages in the
 * same run, and the hybrid beside LanceDB's own hybrid search (native-hybrid-peer.ts: its full-text index and an
 * HNSW-SQ index tuned to >= 0.95 vector recall of exact), plus peak memory and which vector path serves the queries.
 * Searches are interleaved (subject, peer, subject, ...) so background load on the machine hits both alike.
 *
 * MiniSearch is set up like the project's full-text index: the same fields, English stop words (the project's list,
 * the Snowball one LanceDB also removes) and the Porter2 stemmer LanceDB's English analyser applies; how much of the
 * project's full-text top 10 it shares is reported, so a peer doing different work shows. It has no top-k search:
 * every match is scored and sorted, then the first 10 taken, which is part of its cost.
 *
 * The shipped corpus is indexed alongside the synthetic passages, so a vendor question's whole retrieval (the general
 * search with the vendor's evidence, what the answer engine asks for) is measured at each size beside one plain
 * hybrid search of the same question: the first question about each vendor of the alias file apart from later ones,
 * which read the vendor's question-free lists kept from the first.
 *
 * The project is also measured alone, apart from this process (which holds the passages, MiniSearch and LanceDB's
 * peer as well): it ingests the corpus folder in a process of its own (ingest-process.ts), timed and with its peak
 * memory, beside MiniSearch reading and splitting the same files; and a process of its own (serving-process.ts)
 * opens the index as `npm start` does, checks the corpus for changes and searches, with its start-up time and peak
 * memory.
 *
 * Each row is also logged when it is measured, so a long run that is stopped keeps what it had. MiniSearch's index lives
 * in this process (at a million passages it held over 10 GB here), so it is left out above `--minisearch-up-to`
 * passages (300,000 unless given). At a million passages this process still holds the project's index and LanceDB's
 * peer: give it a larger heap than Node's default, and the processes it starts keep their own default:
 *
 *   npm run bench -- retrieval [--sizes 10000,100000] [--queries 300] [--sources <folder>] [--no-native]
 *     [--minisearch-up-to 300000]
 *   node --max-old-space-size=14000 --import tsx src/main.ts bench retrieval --sizes 1000000 --queries 100
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { embed } from 'ai';
import MiniSearch from 'minisearch';
import stemWord from 'wink-porter2-stemmer';
import { gatherEvidence } from '../src/answer/vendor-evidence.js';
import { loadFieldVocabulary } from '../src/answer/field-vocabulary.js';
import { loadVendorAliases } from '../src/retrieve/aliases.js';
import { stopWords } from '../src/text/tokens.js';
import { createRetriever, openSearchableIndex } from '../src/retrieve/searchable-index.js';
import { createEmbeddingModel } from '../src/index/embedding/index.js';
import { loadLanceDb } from '../src/index/lancedb.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import {
  defaultSourcesDirectory,
  makePassages,
  makeQueries,
  readBenchCorpus,
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
  formatRow,
  type BenchRow,
  type BenchSuite,
} from './suite.js';

const methods: SearchMethod[] = ['fulltext', 'vector', 'hybrid'];
const warmupQueries = 20;
const quantiles = [
  ['p50', 0.5],
  ['p95', 0.95],
] as const;
const shippedCorpus = path.resolve(import.meta.dirname, '..', 'corpus');
/** Vendor questions whose whole retrieval is timed, in turn. */
const vendorQuestions = [
  'Is Alibaba Cloud a security risk to Western companies?',
  'Is TikTok a security risk to European companies?',
  'Is AWS a security risk for European companies under the CLOUD Act?',
];

/** Lower-cased, without stop words, Porter2-stemmed: what LanceDB's English analyser does to a term. */
function analysedTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return lower === '' || stopWords.has(lower) ? null : stemWord(lower);
}

/** The share of the subject's top 10 that the peer's top 10 also holds, averaged over the queries. */
const overlap = (subject: string[], peer: string[]) =>
  subject.length === 0 ? 1 : subject.filter((id) => peer.includes(id)).length / subject.length;

const label = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size)) + ' passages';

export const suite: BenchSuite = {
  name: 'retrieval',
  description: 'ingest throughput and search latency (fulltext, vector, hybrid) vs MiniSearch BM25',
  async run({ config, argv, log }) {
    const sizes = (option(argv, '--sizes') ?? '10000,100000').split(',').map(Number);
    const queryCount = Number(option(argv, '--queries') ?? 300);
    const miniSearchUpTo = Number(option(argv, '--minisearch-up-to') ?? 300_000);
    const withNativePeer = !argv.includes('--no-native');
    if (withNativePeer) quietLanceDbWarnings();
    const sentences = await readSourceSentences(option(argv, '--sources') ?? defaultSourcesDirectory);
    const rows: BenchRow[] = [];
    const record = (...measured: BenchRow[]) => {
      rows.push(...measured);
      for (const row of measured) log(formatRow(row));
    };
    const notes: string[] = [`${sentences.length} source sentences; ${queryCount} queries per size`];

    for (const size of sizes) {
      const scenario = label(size);
      const workspace = await mkdtemp(path.join(os.tmpdir(), `bench-retrieval-${size}-`));
      try {
        const corpusDirectory = path.join(workspace, 'corpus');
        const queries = await writeSyntheticCorpus(sentences, size, corpusDirectory, queryCount + warmupQueries);
        await cp(shippedCorpus, path.join(corpusDirectory, 'shipped'), { recursive: true });
        await cp(path.join(shippedCorpus, 'vendor-aliases.yaml'), path.join(corpusDirectory, 'vendor-aliases.yaml'));
        const suiteConfig = benchConfig(config, { dataDirectory: path.join(workspace, 'data'), corpusDirectory });
        const embeddingModel = createEmbeddingModel(suiteConfig);

        // Ingest: the full pipeline (read, chunk, embed, write, indexes) in a process of its own, timed by phase.
        log(`${scenario}: ingesting with ${embeddingModel.provider}:${embeddingModel.modelId}, in its own process`);
        const built = await runOwnProcess<IngestResult>('ingest-process.ts', [suiteConfig.dataDir, corpusDirectory]);
        const ingestSeconds = built.ingestMs / 1000;
        const indexingSeconds = built.indexingMs / 1000;
        const memory = trackPeakMemory();
        const index = await openSearchableIndex({ config: suiteConfig, embeddingModel });
        const openPeak = memory.stop();
        notes.push(`${scenario}: ${built.passages} passages indexed (the synthetic ones and the shipped corpus)`);
        if (built.failed > 0) throw new Error(`${scenario}: ${built.failed} documents failed to index`);

        const ingestRow: BenchRow = {
          scenario,
          metric: 'ingest throughput (full pipeline)',
          value: built.passages / ingestSeconds,
          unit: 'passages/s',
        };
        let miniSearch: MiniSearch<{ id: string; text: string }> | undefined;
        if (size <= miniSearchUpTo) {
          const peerStarted = performance.now();
          miniSearch = new MiniSearch<{ id: string; text: string }>({
            fields: ['text'],
            storeFields: [],
            processTerm: analysedTerm,
            searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0 } },
          });
          // Like the project's ingest, the peer reads the files and splits them into passages before indexing them.
          const peerPassages = await readBenchCorpus(corpusDirectory);
          miniSearch.addAll(
            peerPassages.map((passage) => ({ id: passage.id, text: `${passage.heading}\n${passage.text}` })),
          );
          const peerIngestSeconds = (performance.now() - peerStarted) / 1000;
          if (peerPassages.length !== size)
            throw new Error(`${scenario}: the peer read ${peerPassages.length} passages`);
          ingestRow.peer = {
            name: 'MiniSearch, reading and splitting the same files',
            value: size / peerIngestSeconds,
          };
        } else {
          notes.push(`${scenario}: MiniSearch left out (over --minisearch-up-to ${miniSearchUpTo} passages)`);
        }

        record(
          ingestRow,
          {
            scenario,
            metric: 'index build (full text + vector + scalar)',
            value: indexingSeconds,
            unit: 's',
            ...(size >= 100_000 ? { target: { max: 15 } } : {}),
          },
          {
            scenario,
            metric: 'peak memory (RSS) building the index, own process',
            value: megabytes(built.peakBytes),
            unit: 'MB',
            ...(size >= 300_000 ? { target: { max: 2048 } } : {}),
          },
        );

        // Search: warm up, then interleave every method with the peers, query by query.
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
          // The project's own vector search on the same sample, so the two hybrids are compared at stated recall.
          let found = 0;
          let expected = 0;
          for (const [position, vector] of vectors.entries()) {
            const exact = await nativePeer.exactVectorTop(vector);
            const result = await index.search(queries[position]!, { k: 10, method: 'vector' });
            const approximate = new Set(result.hits.map((hit) => hit.passage.id));
            expected += exact.length;
            found += exact.filter((id) => approximate.has(id)).length;
          }
          record({
            scenario,
            metric: 'vector search recall@10 of exact',
            value: expected === 0 ? 1 : found / expected,
            unit: 'share',
            peer: { name: "LanceDB's own hybrid peer", value: nativePeer.vectorRecall },
            target: { min: 0.95 },
          });
        }
        const latencies = new Map<string, number[]>(
          [...methods, 'hybrid with feedback', 'minisearch', 'native hybrid'].map((name) => [name, []]),
        );
        // Pseudo-relevance feedback (SEARCH_FEEDBACK=on): what its second full-text query costs beside plain hybrid.
        const withFeedback = createRetriever(index, {
          embeddingModel,
          corpusDir: corpusDirectory,
          denseWeight: suiteConfig.searchDenseWeight,
          feedback: true,
        });
        const searchMemory = trackPeakMemory();
        const overlaps: number[] = [];
        for (const [position, query] of queries.entries()) {
          let fulltextTop: string[] = [];
          for (const method of methods) {
            const started = performance.now();
            const result = await index.search(query, { k: 10, method });
            if (position >= warmupQueries) latencies.get(method)!.push(performance.now() - started);
            // The project's ids are `<bench document>#<passage id>`; the peer indexes the passage ids themselves.
            if (method === 'fulltext') fulltextTop = result.hits.map((hit) => hit.passage.id.split('#')[1]!);
          }
          const feedbackStarted = performance.now();
          await withFeedback.search(query, { k: 10 });
          if (position >= warmupQueries)
            latencies.get('hybrid with feedback')!.push(performance.now() - feedbackStarted);
          if (miniSearch) {
            const started = performance.now();
            const peerTop = miniSearch.search(query).slice(0, 10);
            if (position >= warmupQueries) {
              latencies.get('minisearch')!.push(performance.now() - started);
              overlaps.push(
                overlap(
                  fulltextTop,
                  peerTop.map((hit) => String(hit.id)),
                ),
              );
            }
          }
          if (nativePeer) {
            // The peer embeds the query too, as the project's hybrid does inside `search`.
            const nativeStarted = performance.now();
            await nativePeer.search(query, await embedQuery(query));
            if (position >= warmupQueries) latencies.get('native hybrid')!.push(performance.now() - nativeStarted);
          }
        }
        // A vendor question's whole retrieval, interleaved with one plain hybrid search of the same question. The
        // lists over a vendor that do not depend on the question are kept per index generation (list-memo.ts), so
        // the first question about each vendor (its lists computed) is timed apart from later ones (lists kept).
        const aliases = await loadVendorAliases(corpusDirectory);
        const facets = (await loadFieldVocabulary(shippedCorpus)).vendorSearches;
        const vendorLatencies = { first: [] as number[], later: [] as number[], plain: [] as number[] };
        const firstQuestions = aliases.vendors.map(
          (vendor) => `Is ${vendor.name} a security risk to Western companies?`,
        );
        for (const question of firstQuestions) {
          const started = performance.now();
          await gatherEvidence(index, question, { k: 12, filters: {}, aliases, facets });
          vendorLatencies.first.push(performance.now() - started);
        }
        const vendorRounds = Math.max(60, Math.round(queryCount / 2));
        for (let round = 0; round < vendorRounds + warmupQueries; round += 1) {
          const question = vendorQuestions[round % vendorQuestions.length]!;
          let started = performance.now();
          await gatherEvidence(index, question, { k: 12, filters: {}, aliases, facets });
          if (round >= warmupQueries) vendorLatencies.later.push(performance.now() - started);
          started = performance.now();
          await index.search(question, { k: 12 });
          if (round >= warmupQueries) vendorLatencies.plain.push(performance.now() - started);
        }
        const searchPeak = searchMemory.stop();

        // The project alone: a process of its own opening this index as `npm start` does, then searching.
        const queriesFile = path.join(workspace, 'queries.json');
        await writeFile(queriesFile, JSON.stringify(queries.slice(0, warmupQueries + queryCount)));
        log(`${scenario}: opening the index in a process of its own`);
        const serving = await runOwnProcess<ServingResult>('serving-process.ts', [
          path.join(workspace, 'data'),
          corpusDirectory,
          queriesFile,
        ]);
        const servingLatencies = serving.latencies.slice(warmupQueries);
        record(
          {
            scenario,
            metric: 'start-up on the existing index, own process (open, and check the corpus for changes)',
            value: serving.startMs,
            unit: 'ms',
            ...(size >= 100_000 ? { target: { max: 5000 } } : {}),
          },
          {
            scenario,
            metric: 'hybrid search p50, own process',
            value: percentile(servingLatencies, 0.5),
            unit: 'ms',
          },
          {
            scenario,
            metric: 'peak memory (RSS) serving, own process',
            value: megabytes(serving.peakBytes),
            unit: 'MB',
          },
        );
        if (serving.needsReindex)
          notes.push(`${scenario}: the serving process found the corpus changed (it should not)`);
        nativePeer?.close();
        if (nativePeer) {
          const hybrid = latencies.get('hybrid')!;
          const native = latencies.get('native hybrid')!;
          for (const [name, fraction] of quantiles) {
            record({
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
            record({
              scenario,
              metric: `${method} search ${name}`,
              value: percentile(values, fraction),
              unit: 'ms',
              ...(miniSearch ? { peer: { name: `MiniSearch BM25 ${name}`, value: percentile(peer, fraction) } } : {}),
              ...(method === 'hybrid' && size >= 100_000 ? { target: { max: target } } : {}),
            });
          }
        }
        for (const [name, fraction] of quantiles) {
          record({
            scenario,
            metric: `hybrid search with feedback ${name}`,
            value: percentile(latencies.get('hybrid with feedback')!, fraction),
            unit: 'ms',
            peer: { name: `hybrid search ${name}`, value: percentile(latencies.get('hybrid')!, fraction) },
          });
        }
        for (const [name, fraction] of quantiles) {
          record(
            {
              scenario,
              metric: `vendor question, whole retrieval ${name}, a later question about the vendor`,
              value: percentile(vendorLatencies.later, fraction),
              unit: 'ms',
              peer: {
                name: `one hybrid search of the question ${name}`,
                value: percentile(vendorLatencies.plain, fraction),
              },
              ...(name === 'p95' && size >= 100_000 ? { target: { max: 25 } } : {}),
            },
            {
              scenario,
              metric: `vendor question, whole retrieval ${name}, the first question about each of ${firstQuestions.length} vendors`,
              value: percentile(vendorLatencies.first, fraction),
              unit: 'ms',
            },
          );
        }
        if (miniSearch) {
          record({
            scenario,
            metric: 'MiniSearch top 10 shared with the project full text',
            value: overlaps.reduce((sum, value) => sum + value, 0) / Math.max(1, overlaps.length),
            unit: 'share',
          });
        }
        record({
          scenario,
          metric: 'peak memory (RSS) of this process (the passages, the peers and the project searching)',
          value: megabytes(Math.max(openPeak, searchPeak)),
          unit: 'MB',
        });

        // Which vector path serves queries: exact in memory or an ANN index; never a flat LanceDB scan at >= 50k.
        const status = await index.status();
        const lancedb = await loadLanceDb();
        const connection = await lancedb.connect(suiteConfig.lancedbUri);
        const table = await connection.openTable(status.table);
        const indices = await table.listIndices();
        const vectorIndex = indices.find((item) => item.columns.includes('vector'));
        const annSearch = status.annSearch
          ? ` (${status.annSearch.probes} partitions probed, refine factor ${status.annSearch.refineFactor}, chosen at build for ${status.annSearch.recall.toFixed(3)} of the exact top 10)`
          : '';
        notes.push(
          `${scenario}: vector search by ${vectorIndex ? `${vectorIndex.indexType} index${annSearch}` : 'exact in-memory scan'}` +
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

/**
 * Writes `size` generated passages as the bench's corpus and draws the queries from them; the passages are not kept,
 * so at a million this process does not hold them through the searches.
 */
async function writeSyntheticCorpus(
  sentences: string[],
  size: number,
  corpusDirectory: string,
  queryCount: number,
): Promise<string[]> {
  const passages = makePassages(sentences, size);
  await writeBenchCorpus(passages, corpusDirectory);
  return makeQueries(passages, queryCount);
}

interface ServingResult {
  startMs: number;
  needsReindex: boolean;
  latencies: number[];
  peakBytes: number;
}

interface IngestResult {
  passages: number;
  failed: number;
  ingestMs: number;
  indexingMs: number;
  peakBytes: number;
}

/**
 * Runs a bench script in a process of its own (ingest-process.ts, serving-process.ts: the project apart from this
 * process's copies) and reads the JSON line it prints last.
 */
async function runOwnProcess<Result>(script: string, args: string[]): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, script), ...args],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Result;
}
