/**
 * Regression test for the LanceDB full-text build deadlock on 2-CPU hosts (lancedb/lancedb#3568): 100k passages
 * made from ../shared/sources, built in a child process whose environment has no LANCE_CPU_THREADS, so only the
 * project's guard stands between the build and a hang.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { requireShared, sharedPath } from '../helpers/requirements.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const sources = requireShared('sources');
const sourcesDirectory = sharedPath('sources');
const script = fileURLToPath(new URL('./scale/build-fulltext-at-scale.ts', import.meta.url));
const passageCount = 100_000;
const buildBoundMs = 90_000;

describe.skipIf(!sources.available)('full-text index at scale', () => {
  let directory: string | undefined;
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it(
    `builds over ${passageCount} passages within ${buildBoundMs / 1000} s without a thread setting`,
    { timeout: 300_000 },
    async () => {
      directory = await mkdtemp(path.join(tmpdir(), 'fulltext-scale-'));
      const environment = { ...process.env };
      delete environment.LANCE_CPU_THREADS;
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', script, sourcesDirectory, path.join(directory, 'lancedb'), String(passageCount)],
        { cwd: repositoryRoot, env: environment, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        rows: number;
        buildMs: number;
        hits: number;
        indexedRows: number;
        unindexedRows: number;
        threads: string;
      };
      expect(result.threads).toBe('4');
      expect(result.rows).toBe(passageCount);
      expect(result.indexedRows).toBe(passageCount);
      expect(result.unindexedRows).toBe(0);
      expect(result.hits).toBe(10);
      expect(result.buildMs).toBeLessThan(buildBoundMs);
    },
  );
});
