/**
 * In-memory rate limiting for the public surfaces (widget keys and client addresses): a token bucket per name, so a
 * burst up to the per-minute limit is allowed and capacity returns steadily rather than all at once at a window edge.
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(name: string): RateLimitDecision;
  /** Buckets held now: what memory the limiter uses. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimiterOptions {
  perMinute: number;
  /** Clock in milliseconds; injectable so tests can move time without waiting. */
  now?: () => number;
  /** Buckets kept before full ones are dropped; bounds memory when many addresses pass by. */
  maxBuckets?: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const capacity = options.perMinute;
  const refillPerMillisecond = options.perMinute / 60_000;
  const maxBuckets = options.maxBuckets ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, time: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (time - bucket.updatedAt) * refillPerMillisecond);
    bucket.updatedAt = time;
  };

  const prune = (time: number) => {
    for (const [name, bucket] of buckets) {
      refill(bucket, time);
      if (bucket.tokens >= capacity) buckets.delete(name);
    }
  };

  return {
    take(name) {
      const time = now();
      if (buckets.size >= maxBuckets) prune(time);
      let bucket = buckets.get(name);
      if (!bucket) {
        bucket = { tokens: capacity, updatedAt: time };
        buckets.set(name, bucket);
      }
      refill(bucket, time);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      const waitMilliseconds = (1 - bucket.tokens) / refillPerMillisecond;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMilliseconds / 1000)) };
    },
    get size() {
      return buckets.size;
    },
  };
}
