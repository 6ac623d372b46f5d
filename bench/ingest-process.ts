/**
 * The project's ingest in a process of its own: builds the index of a corpus folder as `npm run ingest` does and
 * prints one JSON line: passages indexed, the time of the whole ingest and of its index-building phase, and the
 * process's peak resident memory. The retrieval bench runs it beside itself, so the memory an ingest needs is not
 * mixed with the bench's copies of the corpus and its peers.
 *
 *   node --import tsx bench/ingest-process.ts <data dir> <corpus dir>
 */
import { createEmbeddingModel } from '../src/index/embedding/index.js';
import { openSearchableIndex } from '../src/retrieve/searchable-index.js';
import { benchProcessConfig, trackPeakMemory } from './suite.js';

const peak = trackPeakMemory();
const config = benchProcessConfig('ingest-process.ts <data dir> <corpus dir>');
const index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
const phaseStarts = new Map<string, number>();
const started = performance.now();
const summary = await index.reindex({
  onProgress: (event) => {
    if (!phaseStarts.has(event.phase)) phaseStarts.set(event.phase, performance.now());
  },
});
const ingestMs = performance.now() - started;
const indexingMs = (phaseStarts.get('done') ?? performance.now()) - (phaseStarts.get('indexing') ?? started);
await index.close();
console.log(
  JSON.stringify({
    passages: summary.passages,
    failed: summary.failed.length,
    ingestMs,
    indexingMs,
    peakBytes: peak.stop(),
  }),
);
