/**
 * Progress of `npm run batch` off a terminal: one JSON line now and then, counted in rows, with an ETA from the time
 * the rows so far took (not from bytes read ahead of the answers, nor before any row is done).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';

function logStream() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('batch progress off a terminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-05T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('prints rows done of the rows in the file, with no ETA before the first row and a real one after', () => {
    const { stream, lines } = logStream();
    const progress = progressReporter('Batch', stream);
    progress.update({ done: 0, total: 26 });
    vi.advanceTimersByTime(2_000);
    progress.update({ done: 4, total: 26 });
    vi.advanceTimersByTime(500);
    progress.update({ done: 5, total: 26 });
    vi.advanceTimersByTime(2_500);
    progress.update({ done: 10, total: 26 });
    vi.advanceTimersByTime(100);
    progress.update({ done: 26, total: 26 });
    progress.stop();

    expect(lines()).toEqual([
      { progress: 'batch', done: 0, total: 26, elapsedSeconds: 0 },
      // 4 rows in 2 s: 22 rows left take 11 s.
      { progress: 'batch', done: 4, total: 26, elapsedSeconds: 2, etaSeconds: 11 },
      // Lines come at most every 2 s while rows are left, so a log stays short.
      { progress: 'batch', done: 10, total: 26, elapsedSeconds: 5, etaSeconds: 8 },
      // The last row is always reported, with nothing left.
      { progress: 'batch', done: 26, total: 26, elapsedSeconds: 5, etaSeconds: 0 },
    ]);
  });
});
