import { describe, expect, it } from 'vitest';
import { createBackgroundTasks } from '../../src/slack/background-tasks.js';
import { createDeduplicator } from '../../src/store/delivery-claims.js';

describe('delivery deduplication', () => {
  it('takes a delivery on once and skips its redeliveries', () => {
    const deduplicator = createDeduplicator();
    expect(deduplicator.firstTime('event:Ev1')).toBe(true);
    expect(deduplicator.firstTime('event:Ev1')).toBe(false);
    expect(deduplicator.firstTime('event:Ev2')).toBe(true);
  });

  it('treats one message delivered under two event ids as one delivery', () => {
    const deduplicator = createDeduplicator();
    expect(deduplicator.firstTime('event:Ev1', 'message:D1:1.000100')).toBe(true);
    expect(deduplicator.firstTime('event:Ev2', 'message:D1:1.000100')).toBe(false);
  });

  it('forgets deliveries after the time limit and beyond the size limit', () => {
    let time = 0;
    const deduplicator = createDeduplicator({ ttlMs: 1_000, maxEntries: 3, now: () => time });
    deduplicator.firstTime('a');
    time = 2_000;
    expect(deduplicator.firstTime('a')).toBe(true);
    for (const key of ['b', 'c', 'd', 'e']) deduplicator.firstTime(key);
    expect(deduplicator.size).toBe(3);
    expect(deduplicator.firstTime('a')).toBe(true);
  });
});

describe('background tasks', () => {
  it('drains tasks, including tasks started by tasks, and reports failures instead of throwing', async () => {
    const failures: string[] = [];
    const tasks = createBackgroundTasks((name) => failures.push(name));
    const done: string[] = [];
    tasks.run('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push('outer');
      tasks.run('inner', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push('inner');
      });
    });
    tasks.run('broken', async () => {
      throw new Error('boom');
    });
    await tasks.drain();
    expect(done).toEqual(['outer', 'inner']);
    expect(failures).toEqual(['broken']);
    expect(tasks.size).toBe(0);
  });
});
