/**
 * `npm start` as a user runs it: a fresh data folder is indexed on first start, the server answers, SIGTERM shuts it
 * down cleanly, the next start reuses the index, and a changed corpus never keeps an existing index from serving.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startServerProcess } from '../helpers/server-process.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';

let root: string;
let dataDir: string;
let corpusDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'diligence-serve-'));
  dataDir = path.join(root, 'data');
  corpusDir = path.join(root, 'corpus');
  await cp(fixtureCorpus, corpusDir, { recursive: true });
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const startServer = () => startServerProcess({ DATA_DIR: dataDir, CORPUS_DIR: corpusDir });
const corpusVersion = async (origin: string) =>
  ((await (await fetch(`${origin}/ready`)).json()) as { corpusVersion: string }).corpusVersion;

describe('npm start', () => {
  it('indexes on first start, serves, and shuts down gracefully on SIGTERM', async () => {
    const server = startServer();
    const origin = await server.listening;
    expect(server.output()).toMatch(/Indexing the corpus in .* into .*lancedb/);
    expect(server.output()).toMatch(/Indexed 10 documents into \d+ passages/);
    expect(server.output()).toContain('Slack is off');
    const ready = (await (await fetch(`${origin}/ready`)).json()) as { ready: boolean };
    expect(ready.ready).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received');
  }, 120_000);

  it('reuses the index when the corpus has not changed', async () => {
    const server = startServer();
    const origin = await server.listening;
    expect(server.output()).not.toContain('Indexing the corpus');
    expect(server.output()).toMatch(/Index ready: 10 documents/);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);

  it('serves the existing index at once when the corpus changed and another ingest holds the lock', async () => {
    const lancedbFolder = path.join(dataDir, 'lancedb');
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./src/index/ingest-lock.ts').then(async ({ acquireIngestLock }) => {
           await acquireIngestLock(${JSON.stringify(lancedbFolder)}, { waitMs: 0 });
           console.log('held');
           setInterval(() => {}, 1000);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on('data', () => resolve()));
    const existing = await readFile(path.join(corpusDir, 'news', 'news-2023-09-dpc-tiktok-345m.md'), 'utf8');
    await writeFile(
      path.join(corpusDir, 'news', 'added-later.md'),
      existing.replace('id: news-2023-09-dpc-tiktok-345m', 'id: news-added-later'),
    );

    const server = startServer();
    const origin = await server.listening;
    const served = await corpusVersion(origin);
    expect(server.output()).toContain('reindexing in the background');
    expect((await fetch(`${origin}/api/documents/news-added-later`)).status).toBe(404);

    // The lock holder dies without releasing: its heartbeat stops, the lock turns stale and the server's reindex runs.
    holder.kill('SIGKILL');
    const switched = await eventually(async () => (await corpusVersion(origin)) !== served, 40_000, 250);
    expect(switched, server.output()).toBe(true);
    expect((await fetch(`${origin}/api/documents/news-added-later`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);

  it('stops with every configuration problem listed and the variable to set', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'eighty', ANSWER_MODEL: 'gpt' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Configuration is invalid');
    expect(stderr).toContain('PORT:');
    expect(stderr).toContain('ANSWER_MODEL:');
  }, 60_000);
});
