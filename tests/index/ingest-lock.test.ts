import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireIngestLock } from '../../src/index/ingest-lock.js';

describe('ingest lock', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ingest-lock-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses while another live process holds it and takes over once that process is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    await writeFile(path.join(directory, '.ingest.lock'), String(other.pid));
    await expect(acquireIngestLock(directory)).rejects.toMatchObject({ code: 'index_not_ready' });

    const exited = new Promise((resolve) => other.once('exit', resolve));
    other.kill();
    await exited;
    const release = await acquireIngestLock(directory);
    expect(await readFile(path.join(directory, '.ingest.lock'), 'utf8')).toBe(String(process.pid));
    await release();
    await expect(readFile(path.join(directory, '.ingest.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
