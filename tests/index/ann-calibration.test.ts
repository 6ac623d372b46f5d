/**
 * An ANN vector index is searched with settings chosen when it is built: enough partitions probed and candidates
 * re-ranked that its top 10 holds at least 0.95 of the exact top 10. Real LanceDB in a temporary folder; the
 * recall is checked here on queries the calibration never saw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection, Table } from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/suite.js';
import { defaultAnnSearch } from '../../src/index/ann-calibration.js';
import { loadLanceDb } from '../../src/index/lancedb.js';
import { buildTableIndexes } from '../../src/index/table-indexes.js';

const dimensions = 32;
const rows = 10_000;
const random = seededRandom(11);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
/**
 * Passages in 80 topics: each vector is its topic's centre plus noise, as embeddings of related texts are. The
 * "model" embeds a passage's first words (which name its topic) as a new point of that topic.
 */
const centres = Array.from({ length: 80 }, () => Array.from({ length: dimensions }, gaussian));
const near = (centre: number[], spread: number) => centre.map((value) => value + spread * gaussian());
const embed = async (texts: string[]) => texts.map((text) => near(centres[Number(text.split(' ')[1])]!, 1.5));

let folder: string;
let connection: Connection;
let table: Table;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'ann-calibration-'));
  connection = await (await loadLanceDb()).connect(folder);
  const records = Array.from({ length: rows }, (_, index) => ({
    id: `doc-${index % 50}#passage-${index}`,
    document_id: `doc-${index % 50}`,
    text: `topic ${index % centres.length} passage ${index}`,
    search_text: `passage ${index}`,
    vector: near(centres[index % centres.length]!, 1.5),
  }));
  table = await connection.createTable('passages', records);
});

afterAll(async () => {
  table?.close();
  connection?.close();
  await rm(folder, { recursive: true, force: true });
});

async function recallAt(settings: { probes: number; refineFactor: number }, queries: number[][]): Promise<number> {
  let found = 0;
  let expected = 0;
  for (const vector of queries) {
    const search = () => table.vectorSearch(vector).distanceType('cosine').select(['id', '_distance']).limit(10);
    const exact = (await search().bypassVectorIndex().toArray()).map((row) => String(row.id));
    const approximate = new Set(
      (await search().nprobes(settings.probes).refineFactor(settings.refineFactor).toArray()).map((row) =>
        String(row.id),
      ),
    );
    expected += exact.length;
    found += exact.filter((id) => approximate.has(id)).length;
  }
  return found / expected;
}

describe('ANN search settings chosen at build time', () => {
  it('reach 0.95 of the exact top 10 on new queries where the fixed default falls short', async () => {
    const built = await buildTableIndexes(table, rows, dimensions, { embed, exactVectorLimit: 0 });
    expect(built.vectorIndex).toBe('ivf_pq');
    const chosen = built.annSearch!;
    expect(chosen.recall).toBeGreaterThanOrEqual(0.95);

    const queries = Array.from({ length: 30 }, () => near(centres[Math.floor(random() * centres.length)]!, 1.5));
    const withDefault = await recallAt(defaultAnnSearch, queries);
    const withChosen = await recallAt(chosen, queries);
    expect(withDefault).toBeLessThan(0.95);
    expect(withChosen).toBeGreaterThanOrEqual(0.95);
    expect(chosen.probes * chosen.refineFactor).toBeGreaterThan(
      defaultAnnSearch.probes * defaultAnnSearch.refineFactor,
    );
  });

  it('are not asked for when the vectors are searched exactly in memory', async () => {
    const built = await buildTableIndexes(table, rows, dimensions, { embed });
    expect(built).toEqual({ vectorIndex: 'none' });
  });
});
