import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/server/rate-limit.js';

describe('rate limiter', () => {
  it('allows a burst up to the per-minute limit, then says when to retry', () => {
    let time = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => time });
    expect([1, 2, 3].map(() => limiter.take('key').allowed)).toEqual([true, true, true]);
    expect(limiter.take('key')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    time = 20_000;
    expect(limiter.take('key').allowed).toBe(true);
  });

  it('counts each name separately', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('drops idle buckets when it holds too many', () => {
    let time = 0;
    const limiter = createRateLimiter({ perMinute: 1, now: () => time, maxBuckets: 2 });
    limiter.take('a');
    limiter.take('b');
    expect(limiter.size).toBe(2);
    time = 120_000;
    expect(limiter.take('c').allowed).toBe(true);
    // 'a' and 'b' refilled to full, so they were dropped to make room; only 'c' is held.
    expect(limiter.size).toBe(1);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size).toBe(2);
  });

  it('keeps buckets that are still refilling, so pruning never resets a limit', () => {
    let time = 0;
    const limiter = createRateLimiter({ perMinute: 1, now: () => time, maxBuckets: 2 });
    limiter.take('a');
    limiter.take('b');
    time = 30_000;
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').allowed).toBe(false);
  });
});
