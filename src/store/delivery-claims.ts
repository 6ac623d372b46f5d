/**
 * Claims on Slack deliveries, so a redelivery (`X-Slack-Retry-Num` after a slow ack, the same message arriving as
 * both `app_mention` and `message.im`, a replayed slash command or button click) is answered once.
 *
 * For a local index they live in memory: one process serves Slack. Beside a remote index they are rows in a shared
 * table, so the claim holds across replicas (see `claimFirst`).
 */
import { claimFirst, type SharedTable } from '../index/shared-table.js';

export interface DeliveryClaims {
  /** True for the one caller, across all replicas, that first claims any of these keys; records all of them. */
  firstTime(keys: string[]): Promise<boolean>;
  close(): void;
}

export interface Deduplicator {
  /** True the first time any of the keys is seen within the time limit; records all of them. */
  firstTime(...keys: string[]): boolean;
  readonly size: number;
}

/** A bounded, time-limited set: Slack retries within minutes and signatures expire after five. */
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

export function memoryClaims(deduplicator: Deduplicator = createDeduplicator()): DeliveryClaims {
  return {
    firstTime: async (keys) => deduplicator.firstTime(...keys),
    close() {},
  };
}

export function tableClaims(table: SharedTable): DeliveryClaims {
  return {
    firstTime: (keys) => claimFirst(table, keys),
    close() {
      table.close();
    },
  };
}
