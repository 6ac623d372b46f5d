/**
 * The ingest lock for an index on object storage, where there is no file to lock: a lease in a shared table beside
 * the index (`ingest_lease`).
 *
 * Leases are numbered. Taking one claims `lease:<n+1>` (`claimFirst`: exactly one claimant wins each number) after
 * checking that lease n was released or has had no heartbeat for `leaseMs`; the holder appends a heartbeat row every
 * quarter of that. `check()`, just before the pointer flip, fails when a later lease exists or our heartbeats
 * stalled, so an ingest that lost its lease never flips. Expiry compares the wall clocks of different machines: keep
 * them in sync (NTP) and the lease well above their drift.
 */
import { AppError } from '../errors.js';
import type { IngestLock } from './ingest-lock.js';
import { claimFirst, type SharedTable } from './shared-table.js';

export const ingestLeaseTable = 'ingest_lease';

const leasePattern = /^(lease|beat|release):(\d+)/;

async function latestLease(table: SharedTable): Promise<{ lease: number; lastSign: number; released: boolean }> {
  const rows = (await table.all()).flatMap((row) => {
    const match = leasePattern.exec(row.key);
    return match
      ? [{ kind: match[1]!, lease: Number(match[2]), at: Number((JSON.parse(row.body) as { at: number }).at) }]
      : [];
  });
  const lease = Math.max(0, ...rows.filter((row) => row.kind === 'lease').map((row) => row.lease));
  const own = rows.filter((row) => row.lease === lease);
  return {
    lease,
    lastSign: Math.max(0, ...own.map((row) => row.at)),
    released: own.some((row) => row.kind === 'release'),
  };
}

export async function acquireIngestLease(table: SharedTable, options: { leaseMs?: number } = {}): Promise<IngestLock> {
  const leaseMs = options.leaseMs ?? 30_000;
  const current = await latestLease(table);
  if (current.lease > 0 && !current.released && Date.now() - current.lastSign < leaseMs) {
    throw new AppError('ingest_locked', 'Another ingest is updating the index; try again when it has finished.');
  }
  const lease = current.lease + 1;
  if (!(await claimFirst(table, [`lease:${lease}`]))) {
    throw new AppError('ingest_locked', 'Another ingest took the index lease first; try again when it has finished.');
  }
  let lastBeat = Date.now();
  let beats = 0;
  const timer = setInterval(
    () => {
      const at = Date.now();
      beats += 1;
      table
        .add([{ key: `beat:${lease}:${beats}`, body: JSON.stringify({ at }) }])
        .then(() => (lastBeat = at))
        .catch(() => {});
    },
    Math.max(250, leaseMs / 4),
  );
  timer.unref();
  let lost = false;
  return {
    async check() {
      const latest = await latestLease(table);
      if (lost || latest.lease !== lease || Date.now() - lastBeat >= leaseMs) {
        lost = true;
        throw new AppError('ingest_locked', 'The ingest lease was lost to another ingest; the index was not changed.');
      }
    },
    async release() {
      clearInterval(timer);
      if (lost) return;
      await table.add([{ key: `release:${lease}`, body: JSON.stringify({ at: Date.now() }) }]).catch(() => {});
    },
  };
}
