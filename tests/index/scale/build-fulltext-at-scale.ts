/**
 * Run as a child process by fulltext-scale.test.ts, with LANCE_CPU_THREADS removed from its environment, so the
 * project's own guard (src/index/lancedb.ts) is what keeps the full-text build from deadlocking on a 2-CPU host.
 *
 * Makes `count` passages from the public texts in ../shared/sources (windows of 40-100 words), writes them with the
 * production schema, builds the production full-text index and prints one JSON line with the measurements.
 * Usage: tsx build-fulltext-at-scale.ts <sources directory> <lancedb directory> <count>
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Passage } from '../../../src/corpus/types.js';
import { loadLanceDb } from '../../../src/index/lancedb.js';
import { dataStorageVersion, passageSchema, passageToRow } from '../../../src/index/schema.js';
import { buildFulltextIndex } from '../../../src/index/table-indexes.js';

const [sourcesDirectory, databaseDirectory, countText] = process.argv.slice(2);
const count = Number(countText);
const dimensions = 8;

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return /\.(md|txt|xml|htm|html)$/i.test(entry.name) ? [full] : [];
  });
}

const words = listFiles(sourcesDirectory!)
  .sort()
  .flatMap((file) =>
    readFileSync(file, 'utf8')
      .replace(/<[^>]+>/g, ' ')
      .split(/\s+/),
  )
  .filter((word) => word !== '');

// A fixed linear congruential generator: the same passages on every run.
let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};

const lancedb = await loadLanceDb();
const connection = await lancedb.connect(databaseDirectory!);
const table = await connection.createEmptyTable('passages_scale', passageSchema(dimensions), { dataStorageVersion });
const vector = new Array<number>(dimensions).fill(0.5);
const batchSize = 20_000;
for (let offset = 0; offset < count; offset += batchSize) {
  const rows = [];
  for (let index = offset; index < Math.min(count, offset + batchSize); index += 1) {
    const length = 40 + Math.floor(random() * 60);
    const start = Math.floor(random() * (words.length - length));
    const text = words.slice(start, start + length).join(' ');
    const passage: Passage = {
      id: `scale-${Math.floor(index / 10)}#p-${index % 10}`,
      documentId: `scale-${Math.floor(index / 10)}`,
      heading: `Scale document ${Math.floor(index / 10)} › Part ${index % 10}`,
      text,
      start: 0,
      end: text.length,
      contentHash: String(index),
      title: `Scale document ${Math.floor(index / 10)}`,
      publisher: 'Scale test',
      url: 'https://example.org/',
      jurisdiction: 'INTL',
      type: 'guidance',
      published: '2025-01-01',
      asOf: '2025-01-01',
      vendors: [],
      language: 'en',
      status: '',
    };
    rows.push(passageToRow(passage, vector));
  }
  await table.add(lancedb.makeArrowTable(rows, { schema: passageSchema(dimensions) }));
}

const started = performance.now();
await buildFulltextIndex(table);
const buildMs = Math.round(performance.now() - started);

const indices = await table.listIndices();
const fulltext = indices.find((index) => index.columns.includes('search_text'));
const stats = fulltext ? await table.indexStats(fulltext.name) : undefined;
const queryStarted = performance.now();
const hits = await table
  .query()
  .fullTextSearch('personal data transfer third country', { columns: 'search_text' })
  .select(['id', '_score'])
  .limit(10)
  .toArray();
console.log(
  JSON.stringify({
    rows: await table.countRows(),
    buildMs,
    queryMs: Math.round(performance.now() - queryStarted),
    hits: hits.length,
    indexedRows: stats?.numIndexedRows,
    unindexedRows: stats?.numUnindexedRows,
    threads: process.env.LANCE_CPU_THREADS,
  }),
);
table.close();
connection.close();
