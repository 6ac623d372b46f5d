import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireIngestLock, ingestLockName } from '../../src/index/ingest-lock.js';

describe('ingest lock', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ingest-lock-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is taken by exactly one of two contenders starting together, every time', async () => {
    for (let round = 0; round < 30; round += 1) {
      const attempts = await Promise.allSettled([
        acquireIngestLock(directory, { waitMs: 0 }),
        acquireIngestLock(directory, { waitMs: 0 }),
      ]);
      const held = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
      expect(held).toHaveLength(1);
      const refused = attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'ingest_locked' });
      await held[0]!.release();
    }
  });

  it('is released for the next ingest', async () => {
    const first = await acquireIngestLock(directory, { waitMs: 0 });
    await first.release();
    await expect(stat(path.join(directory, ingestLockName))).rejects.toMatchObject({ code: 'ENOENT' });
    const second = await acquireIngestLock(directory, { waitMs: 0 });
    second.check();
    await second.release();
  });
});
