/**
 * kill -9 at fixed points of an ingest, of a server answering concurrent questions, and of a batch run writing into
 * the DATA_DIR a server is serving from. After each kill: the index serves a complete version (old or new, never a
 * mix), the next ingest runs (the dead holder's lock turns stale), and every answer reported with a 200 or written to
 * a batch output has its permalink. Prints runs survived and answers lost.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { openSearchableIndex } from '../../src/retrieve/searchable-index.js';
import { createEmbeddingModel } from '../../src/index/embedding/index.js';
import { eventually, postJson, runCommand, startServerProcess } from '../helpers/server-process.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';

let root: string;
let corpusDir: string;
let settings: Record<string, string>;
const report = { ingestKills: 0, ingestSurvived: 0, serverKills: 0, batchKills: 0, answersChecked: 0, answersLost: 0 };

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kill-matrix-'));
  corpusDir = path.join(root, 'corpus');
  await cp(fixtureCorpus, corpusDir, { recursive: true });
  settings = { DATA_DIR: path.join(root, 'data'), CORPUS_DIR: corpusDir };
  const first = await runCommand(settings, ['ingest', '--allow-failures']);
  expect(first.code, first.output).toBe(0);
}, 120_000);

afterAll(async () => {
  console.log('kill -9 matrix:', JSON.stringify(report));
  await rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function servedVersion(): Promise<{ version: string; documents: number }> {
  const config = testConfig(settings);
  const index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
  try {
    const status = await index.status();
    expect(status.ready).toBe(true);
    expect((await index.search('security assessment')).hits.length).toBeGreaterThan(0);
    return { version: status.corpusVersion, documents: status.documents };
  } finally {
    await index.close();
  }
}

async function missingPermalinks(base: string, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ids) {
    if ((await fetch(`${base}/api/answers/${encodeURIComponent(id)}`)).status !== 200) missing.push(id);
  }
  report.answersChecked += ids.length;
  report.answersLost += missing.length;
  return missing;
}

describe('kill -9', () => {
  it('of an ingest at any point leaves a complete index serving and the next ingest running', async () => {
    const template = await readFile(path.join(corpusDir, 'news', 'news-2023-09-dpc-tiktok-345m.md'), 'utf8');
    for (const [round, delayMs] of [1500, 3000, 4500].entries()) {
      const before = await servedVersion();
      await writeFile(
        path.join(corpusDir, 'news', `killed-${round}.md`),
        template.replace('id: news-2023-09-dpc-tiktok-345m', `id: news-killed-${round}`),
      );
      const ingest = startServerProcess(settings, ['ingest', '--allow-failures']);
      await sleep(delayMs);
      ingest.child.kill('SIGKILL');
      await ingest.exited;
      report.ingestKills += 1;

      const after = await servedVersion();
      // Either the ingest finished before the kill (all of it is served) or nothing of it is.
      expect([before.documents, before.documents + 1]).toContain(after.documents);
      const next = await runCommand(settings, ['ingest', '--allow-failures']);
      expect(next.code, next.output).toBe(0);
      expect((await servedVersion()).documents).toBe(before.documents + 1);
      report.ingestSurvived += 1;
    }
  }, 240_000);

  it('of a server answering concurrent questions loses no answer it reported', async () => {
    const slow = { ...settings, LOCAL_STREAM_DELAY_MS: '25', RATE_LIMIT_PER_IP_PER_MINUTE: '10000' };
    for (const [round, delayMs] of [0, 150, 400].entries()) {
      const server = startServerProcess(slow);
      const base = await server.listening;
      const answered: string[] = [];
      const asks = Array.from({ length: 24 }, (_, index) =>
        postJson(base, '/api/ask', { question: `Does PIPL require a security assessment? (${delayMs}/${index})` })
          .then(async (response) => {
            if (response.status === 200) answered.push(((await response.json()) as { id: string }).id);
          })
          .catch(() => {}),
      );
      // Killed while some answers are out and others are still being written.
      await eventually(async () => answered.length >= 2 + round, 60_000, 20);
      await sleep(delayMs);
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(asks);
      expect(answered.length).toBeLessThan(24);
      report.serverKills += 1;

      const restarted = startServerProcess(settings);
      const restartedBase = await restarted.listening;
      expect(await missingPermalinks(restartedBase, answered)).toEqual([]);
      expect((await postJson(restartedBase, '/api/ask', { question: 'What is the Cloud Act?' })).status).toBe(200);
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 240_000);

  it('of a batch run beside a server loses no answer of its output, on the server', async () => {
    const server = startServerProcess(settings);
    const base = await server.listening;
    try {
      for (const round of [0, 1]) {
        const input = path.join(root, `batch-${round}.csv`);
        const output = path.join(root, `batch-${round}-out.csv`);
        await writeFile(
          input,
          [
            'id,question',
            ...Array.from({ length: 20 }, (_, index) => `q${index},What does PIPL require? (${round}/${index})`),
          ].join('\n'),
        );
        const batch = startServerProcess({ ...settings, LOCAL_STREAM_DELAY_MS: '3' }, [
          'batch',
          input,
          '-o',
          output,
          '--concurrency',
          '2',
        ]);
        // Meanwhile the server appends to the same answer file.
        const serverAsks = Array.from({ length: 6 }, (_, index) =>
          postJson(base, '/api/ask', { question: `Is Alibaba Cloud risky? (${round}/${index})` }),
        );
        await eventually(async () => {
          const rows = parse(await readFile(output, 'utf8'), { columns: true }) as unknown[];
          return (await stat(output)).size > 0 && rows.length >= 4;
        }, 60_000);
        batch.child.kill('SIGKILL');
        await batch.exited;
        report.batchKills += 1;
        const serverIds = await Promise.all(
          (await Promise.all(serverAsks)).map(async (response) => ((await response.json()) as { id: string }).id),
        );
        const rows = parse(await readFile(output, 'utf8'), { columns: true, relax_column_count: true }) as {
          answer_id?: string;
        }[];
        const batchIds = rows.flatMap((row) => (row.answer_id ? [row.answer_id] : []));
        expect(batchIds.length).toBeGreaterThanOrEqual(4);
        expect(await missingPermalinks(base, [...batchIds, ...serverIds])).toEqual([]);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);
});
