/**
 * Small LanceDB tables beside the index for the state every replica must see when the index lives on object storage:
 * answer records, feedback, Slack delivery claims and the ingest lease. Each row is a key and a JSON body.
 *
 * Why LanceDB and not a second service: the deployment already has the store, and a LanceDB commit is atomic on
 * every store it supports (on S3-compatible stores through conditional writes, `If-None-Match`), so an `add` that
 * returned is durable and is never lost to a concurrent `add` of another replica. The connection reads with a
 * consistency interval of 0, so a lookup sees every version committed before it.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, Table } from '@lancedb/lancedb';
import { Field, Schema, Utf8 } from 'apache-arrow';
import { AppError } from '../errors.js';
import { sqlString } from './schema.js';

export interface KeyedRow {
  key: string;
  body: string;
}

export interface SharedTable {
  /** Appends rows in one commit; resolves once the commit is durable. */
  add(rows: KeyedRow[]): Promise<void>;
  /** Rows with these keys in commit order, with the row id that orders them. */
  find(keys: string[]): Promise<(KeyedRow & { rowId: bigint })[]>;
  /** Every row in commit order. */
  all(): Promise<KeyedRow[]>;
  close(): void;
}

/** An append-only log of JSON records over a shared table (the remote counterpart of append-only-log.ts). */
export function tableRecordLog<T>(table: SharedTable, keyOf: (record: T) => string) {
  return {
    append: (record: T) => table.add([{ key: keyOf(record), body: JSON.stringify(record) }]),
    async get(key: string): Promise<T | undefined> {
      const [row] = await table.find([key]);
      return row ? (JSON.parse(row.body) as T) : undefined;
    },
    async all(): Promise<T[]> {
      return (await table.all()).map((row) => JSON.parse(row.body) as T);
    },
    async close() {
      table.close();
    },
  };
}

/** Attempts per operation: an object store answers an occasional request with a transient error. */
const attempts = 3;

/**
 * Runs `operation`, retrying transient failures. A retried `add` may commit a row twice; the readers take the first
 * row of a key, and a claimant's second row never changes which row of its key came first.
 */
async function withRetries<T>(action: string, name: string, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts) throw unavailable(action, name, error);
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

function unavailable(action: string, name: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new AppError('storage_unavailable', `Could not ${action} the shared table ${name} (${reason}).`, {
    cause,
    details: { table: name },
  });
}

/** Opens the table `name`, creating it on first use (two replicas creating it at once both end up opening it). */
export async function openSharedTable(connection: Connection, name: string): Promise<SharedTable> {
  const schema = new Schema([new Field('key', new Utf8(), false), new Field('body', new Utf8(), false)]);
  let table: Table | undefined;
  for (let attempt = 0; attempt < 3 && !table; attempt += 1) {
    try {
      table = await connection.createEmptyTable(name, schema, { mode: 'create', existOk: true });
    } catch (error) {
      // Another replica committed the table's first version between our check and our create.
      if (attempt === 2) throw unavailable('open', name, error);
    }
  }
  const opened = table!;
  const ordered = (rows: Record<string, unknown>[]) =>
    rows
      .map((row) => ({ key: String(row.key), body: String(row.body), rowId: BigInt(row._rowid as bigint) }))
      .sort((left, right) => (left.rowId < right.rowId ? -1 : left.rowId > right.rowId ? 1 : 0));
  return {
    async add(rows) {
      await withRetries('write to', name, () => opened.add(rows.map((row) => ({ key: row.key, body: row.body }))));
    },
    async find(keys) {
      if (keys.length === 0) return [];
      const where = `key IN (${keys.map(sqlString).join(', ')})`;
      return ordered(
        await withRetries('read', name, () =>
          opened.query().where(where).withRowId().select(['key', 'body']).toArray(),
        ),
      );
    },
    async all() {
      const rows = await withRetries('read', name, () => opened.query().withRowId().select(['key', 'body']).toArray());
      return ordered(rows).map(({ key, body }) => ({ key, body }));
    },
    close() {
      opened.close();
    },
  };
}

/**
 * Claims `keys` for one caller across every process sharing the table: appends a row per key in one commit, then
 * reads the rows of those keys; the earliest committed row of a key wins. LanceDB commits are serialised by the
 * store's conditional write, and a row committed earlier always has a smaller row id (fragment ids grow with each
 * commit), so every process agrees on one winner. (A merge-insert on the key is not a claim: in LanceDB 0.31 four of
 * four concurrent merge-inserts of one key reported an insert.)
 */
export async function claimFirst(table: SharedTable, keys: string[]): Promise<boolean> {
  const present = [...new Set(keys.filter((key) => key !== ''))];
  if (present.length === 0) return true;
  const claimant = randomUUID();
  await table.add(present.map((key) => ({ key, body: JSON.stringify({ claimant, at: Date.now() }) })));
  const earliest = new Map<string, string>();
  for (const row of await table.find(present)) {
    if (!earliest.has(row.key)) earliest.set(row.key, (JSON.parse(row.body) as { claimant: string }).claimant);
  }
  return present.every((key) => earliest.get(key) === claimant);
}
