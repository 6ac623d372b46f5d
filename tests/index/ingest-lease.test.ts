/** The ingest lease of a remote index, exercised through two connections (two machines) on a local LanceDB folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireIngestLease, ingestLeaseTable } from '../../src/index/ingest-lease.js';
import { connectLanceDb } from '../../src/index/lancedb.js';
import { openSharedTable, type SharedTable } from '../../src/index/shared-table.js';

let directory: string;
let machines: Connection[];
let tables: SharedTable[];

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'ingest-lease-'));
  const config = { lancedbUri: directory, lancedbStorageOptions: {} };
  machines = await Promise.all([0, 1].map(() => connectLanceDb(config, { readConsistencyInterval: 0 })));
  tables = await Promise.all(machines.map((connection) => openSharedTable(connection, ingestLeaseTable)));
});
afterEach(async () => {
  for (const table of tables) table.close();
  for (const connection of machines) connection.close();
  await rm(directory, { recursive: true, force: true });
});

describe('ingest lease', () => {
  it('goes to exactly one of two machines asking at once, and to the other once released', async () => {
    const attempts = await Promise.allSettled(tables.map((table) => acquireIngestLease(table)));
    const held = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
    expect(held).toHaveLength(1);
    expect(attempts.find((attempt) => attempt.status === 'rejected')).toMatchObject({
      reason: { code: 'ingest_locked' },
    });
    await held[0]!.check();
    await held[0]!.release();
    const next = await acquireIngestLease(tables[1]!);
    await next.check();
    await next.release();
  });

  it('is taken over once its holder died and its heartbeat stopped', async () => {
    const dying = await connectLanceDb(
      { lancedbUri: directory, lancedbStorageOptions: {} },
      { readConsistencyInterval: 0 },
    );
    const dyingTable = await openSharedTable(dying, ingestLeaseTable);
    await acquireIngestLease(dyingTable, { leaseMs: 600 });
    await expect(acquireIngestLease(tables[1]!, { leaseMs: 600 })).rejects.toMatchObject({ code: 'ingest_locked' });
    // The holder's process ends: its connection goes, and its heartbeats with it.
    dyingTable.close();
    dying.close();
    await new Promise((resolve) => setTimeout(resolve, 900));
    const taker = await acquireIngestLease(tables[1]!, { leaseMs: 600 });
    await taker.check();
    await taker.release();
  });
});
