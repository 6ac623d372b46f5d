/** Answer and feedback stores: append-only, flushed, readable after a restart, and robust to a torn last line. */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../src/answer/record.js';
import { answerRecord } from '../helpers/answer-records.js';
import { fullDisk } from '../helpers/full-disk.js';
import { answersFileName, openAnswerStore } from '../../src/store/answer-store.js';
import { openFeedbackStore } from '../../src/store/feedback-store.js';
import { openAppendOnlyLog } from '../../src/store/append-only-log.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'stores-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const record = (id: string, question = 'Is it risky?'): AnswerRecord =>
  answerRecord({ id, question, standaloneQuestion: question });

describe('answer store', () => {
  it('returns appended records, also after reopening', async () => {
    const store = await openAnswerStore(directory);
    await Promise.all([store.append(record('a1')), store.append(record('a2', 'Ünïcode question — 阿里云?'))]);
    expect(await store.get('a2')).toEqual(record('a2', 'Ünïcode question — 阿里云?'));
    expect(await store.get('missing')).toBeUndefined();
    await store.close();

    const reopened = await openAnswerStore(directory);
    expect(await reopened.get('a1')).toEqual(record('a1'));
    await reopened.append(record('a3'));
    expect((await readFile(path.join(directory, answersFileName), 'utf8')).trim().split('\n')).toHaveLength(3);
    await reopened.close();
  });

  it('skips a torn fragment left by a crash and keeps the records before and after it', async () => {
    const store = await openAnswerStore(directory);
    await store.append(record('a1'));
    await store.close();
    const file = path.join(directory, answersFileName);
    await appendFile(file, '{"id":"half-writ');
    const torn = (await readFile(file)).length;

    const reopened = await openAnswerStore(directory);
    expect(await reopened.get('a1')).toEqual(record('a1'));
    await reopened.append(record('a2'));
    expect(await reopened.get('a2')).toEqual(record('a2'));
    await reopened.close();
    // Nothing is cut off at open: another process may be appending right behind the fragment.
    expect((await readFile(file)).length).toBeGreaterThan(torn);
    const again = await openAnswerStore(directory);
    expect([await again.get('a1'), await again.get('a2'), await again.get('half-writ')]).toEqual([
      record('a1'),
      record('a2'),
      undefined,
    ]);
    await again.close();
  });

  it('rejects with storage_unavailable on a short write (disk full) and keeps the next record readable', async () => {
    const disk = fullDisk();
    const store = await openAnswerStore({
      kind: 'files',
      dataDirectory: directory,
      fileOptions: { openFile: disk.openFile },
    });
    await store.append(record('before'));
    disk.full = true;
    await expect(store.append(record('lost'))).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(await store.get('lost')).toBeUndefined();
    disk.full = false;
    await store.append(record('after'));
    expect(await store.get('after')).toEqual(record('after'));
    await store.close();

    const reopened = await openAnswerStore(directory);
    expect([await reopened.get('before'), await reopened.get('lost'), await reopened.get('after')]).toEqual([
      record('before'),
      undefined,
      record('after'),
    ]);
    await reopened.close();
  });

  it('finds every record when two processes append at once', async () => {
    const first = await openAnswerStore(directory);
    const second = await openAnswerStore(directory);
    const ids = Array.from({ length: 200 }, (_, index) => `r${index}`);
    await Promise.all(ids.map((id, index) => (index % 2 === 0 ? first : second).append(record(id))));
    for (const store of [first, second]) {
      const found = await Promise.all(ids.map((id) => store.get(id)));
      expect(found.filter((entry) => entry === undefined)).toHaveLength(0);
    }
    await Promise.all([first.close(), second.close()]);
  });

  it('finds records another process appended', async () => {
    const server = await openAnswerStore(directory);
    const cli = await openAnswerStore(directory);
    await cli.append(record('from-cli'));
    expect(await server.get('from-cli')).toEqual(record('from-cli'));
    await server.append(record('from-server'));
    expect(await server.get('from-server')).toEqual(record('from-server'));
    await Promise.all([server.close(), cli.close()]);
  });
});

describe('feedback store', () => {
  it('stores ratings with their answer id and lists them by answer', async () => {
    const store = await openFeedbackStore(directory);
    const first = await store.append({ answerId: 'a1', rating: 'up', source: 'api' });
    await store.append({
      answerId: 'a2',
      rating: 'down',
      comment: 'Missed the 2024 ban',
      source: 'widget',
      user: 'u1',
    });
    expect(first.id).toMatch(/^f_/);
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    await store.close();

    const reopened = await openFeedbackStore(directory);
    expect(await reopened.list('a2')).toEqual([
      expect.objectContaining({
        answerId: 'a2',
        rating: 'down',
        comment: 'Missed the 2024 ban',
        source: 'widget',
        user: 'u1',
      }),
    ]);
    expect(await reopened.list()).toHaveLength(2);
    await reopened.close();
  });
});

describe('append-only log', () => {
  it('indexes a log read a few bytes at a time: lines across chunks, a torn fragment, multi-byte text', async () => {
    const file = path.join(directory, 'records.jsonl');
    const lines = [
      JSON.stringify({ key: 'k1', text: 'short' }),
      `{"key":"torn","te${JSON.stringify({ key: 'k2', text: 'Ünïcode — 阿里云 '.repeat(5) })}`,
      JSON.stringify({ key: 'k3', text: 'x'.repeat(100) }),
    ];
    await appendFile(file, `${lines.join('\n')}\n`);
    const log = await openAppendOnlyLog<{ key: string; text: string }>(file, (item) => item.key, {
      scanChunkBytes: 7,
    });
    expect((await log.all()).map((item) => item.key)).toEqual(['k1', 'k2', 'k3']);
    expect((await log.get('k2'))?.text).toBe('Ünïcode — 阿里云 '.repeat(5));
    await log.append({ key: 'k4', text: 'after' });
    expect((await log.get('k4'))?.text).toBe('after');
    await log.close();
  });
});
