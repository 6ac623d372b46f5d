/**
 * `npm run check-corpus` as a user runs it on their own corpus: one `file:line: message` per disagreement and exit
 * code 1, then exit code 0 once the corpus agrees with itself.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let corpus: string;

beforeAll(async () => {
  corpus = await mkdtemp(path.join(os.tmpdir(), 'check-corpus-'));
  await cp(path.resolve('corpus'), corpus, { recursive: true });
});
afterAll(async () => rm(corpus, { recursive: true, force: true }));

async function checkCorpus(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'check-corpus'], {
      env: { ...process.env, CORPUS_DIR: corpus },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run check-corpus', () => {
  it('passes the shipped corpus and counts what it checked', async () => {
    const result = await checkCorpus();
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(
      /\d+ documents, \d+ instruments, \d+ other names, \d+ site-root links .*: 0 findings/,
    );
  });

  it('names file and line of a planted slip and exits 1', async () => {
    const file = path.join(corpus, 'news', 'news-2025-05-dpc-tiktok-530m.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('including the Counter-Terrorism Law,', 'including the Anti-Terrorism Law,'));
    const result = await checkCorpus();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^news\/news-2025-05-dpc-tiktok-530m\.md:\d+: "Anti-Terrorism Law" .*\(variant-name\)$/m,
    );
  }, 30_000);
});
