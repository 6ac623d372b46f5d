/**
 * `npm start` as a user runs it: a fresh data folder is indexed on first start, the server answers, SIGTERM shuts it
 * down cleanly, and the next start reuses the index.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCorpus } from '../helpers/test-assistant.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-serve-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, CORPUS_DIR: fixtureCorpus, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Serving on (http:\/\/[^\s]+) /.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited early:\n${output}`));
    });
  });
  return { child, listening, exited, output: () => output };
}

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
