/**
 * Remembers which Slack deliveries were already taken on, so a redelivery (`X-Slack-Retry-Num` after a slow ack, or
 * the same message arriving as both `app_mention` and `message.im`) never produces a second answer. In memory and
 * per process: Slack retries within minutes, so a bounded, time-limited set is enough for one instance.
 */
export interface Deduplicator {
  /** True the first time any of the keys is seen within the time limit; records all of them. */
  firstTime(...keys: string[]): boolean;
  readonly size: number;
}

export function createDeduplicator(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): Deduplicator {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is expiry order, so expired entries are always at the front.
  const seenAt = new Map<string, number>();

  const forgetExpired = (time: number) => {
    for (const [key, at] of seenAt) {
      if (time - at < ttlMs && seenAt.size <= maxEntries) break;
      seenAt.delete(key);
    }
  };

  return {
    firstTime(...keys) {
      const time = now();
      forgetExpired(time);
      const present = keys.filter((key) => key !== '');
      const seen = present.some((key) => seenAt.has(key));
      for (const key of present) {
        seenAt.delete(key);
        seenAt.set(key, time);
      }
      forgetExpired(time);
      return !seen;
    },
    get size() {
      return seenAt.size;
    },
  };
}
