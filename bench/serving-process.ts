/**
 * The project on its own, in a process of its own: opens an existing index as `npm start` does (the assistant, then
 * the check whether the corpus changed since the index was built), answers the queries given with hybrid search, and
 * prints one JSON line: how long start-up took, whether it found a reason to reindex, search latencies and the
 * process's peak resident memory. The retrieval bench runs it beside itself, so the project's memory is not mixed
 * with the bench's copies of the corpus and its peers.
 *
 *   node --import tsx bench/serving-process.ts <data dir> <corpus dir> <queries.json>
 */
import { readFile } from 'node:fs/promises';
import { createAssistant } from '../src/create-assistant.js';
import { benchProcessConfig, trackPeakMemory } from './suite.js';

const config = benchProcessConfig('serving-process.ts <data dir> <corpus dir> <queries.json>');
const queriesFile = process.argv[4];
if (!queriesFile) {
  console.error('usage: serving-process.ts <data dir> <corpus dir> <queries.json>');
  process.exit(2);
}
const peak = trackPeakMemory();
const started = performance.now();
const assistant = await createAssistant(config);
const needsReindex = await assistant.needsReindex();
const startMs = performance.now() - started;
const queries = JSON.parse(await readFile(queriesFile, 'utf8')) as string[];
const latencies: number[] = [];
for (const query of queries) {
  const searchStarted = performance.now();
  await assistant.search(query, { k: 10 });
  latencies.push(performance.now() - searchStarted);
}
await assistant.close();
console.log(JSON.stringify({ startMs, needsReindex, latencies, peakBytes: peak.stop() }));
