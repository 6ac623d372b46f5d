/**
 * The lock that keeps two processes (say, the server and `npm run ingest`) from ingesting into the same local index
 * at once: each would otherwise drop the other's half-built table during cleanup.
 *
 * It is `proper-lockfile`'s lock: an atomic `mkdir` of `.ingest.lock` (exactly one of two processes starting together
 * gets it) whose modification time the holder refreshes as a heartbeat. A lock whose heartbeat stopped for `staleMs`
 * (its process was killed) is taken over, so a crash never blocks ingests for good. A holder whose heartbeat was
 * delayed past that point may have lost the lock to another process; `check()` then throws, and the ingest stops
 * before it flips the pointer.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';

export const ingestLockName = '.ingest.lock';

/** Heartbeat of a held lock, and the silence after which a lock counts as abandoned. */
const staleMs = 10_000;
const heartbeatMs = 2_000;

export interface IngestLock {
  /** Throws `ingest_locked` when the lock was lost (taken over after a stalled heartbeat). */
  check(): void | Promise<void>;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for a held lock to be released or to turn stale; 0 fails at once. */
  waitMs?: number;
}

/** Takes the lock in `directory`. */
export async function acquireIngestLock(directory: string, options: AcquireOptions = {}): Promise<IngestLock> {
  await mkdir(directory, { recursive: true });
  const waitMs = options.waitMs ?? staleMs + 2 * heartbeatMs;
  let lost: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(directory, {
      lockfilePath: path.join(directory, ingestLockName),
      realpath: false,
      stale: staleMs,
      update: heartbeatMs,
      retries:
        waitMs > 0 ? { retries: Math.ceil(waitMs / 500), minTimeout: 500, maxTimeout: 500, factor: 1 } : undefined,
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new AppError('ingest_locked', 'Another ingest is updating the index; try again when it has finished.', {
        cause: error,
      });
    }
    throw error;
  }
  return {
    check() {
      if (lost) {
        throw new AppError('ingest_locked', `The ingest lock was lost (${lost.message}); the index was not changed.`, {
          cause: lost,
        });
      }
    },
    async release() {
      if (lost) return;
      await release().catch(() => {});
    },
  };
}
