/**
 * Where the answer and feedback records live: append-only files under DATA_DIR for a local index, or shared tables
 * beside the index when it is on object storage or LanceDB Cloud, so every replica reads what any replica wrote.
 */
import type { Connection } from '@lancedb/lancedb';
import path from 'node:path';
import { openAppendOnlyLog, type AppendOnlyLog, type AppendOnlyLogOptions } from './append-only-log.js';
import { openSharedTable, tableRecordLog } from '../index/shared-table.js';

export type RecordLocation =
  | { kind: 'files'; dataDirectory: string; fileOptions?: AppendOnlyLogOptions }
  | { kind: 'tables'; connection: Connection };

/** Opens the log `name` (`answers`, `feedback`) at `location`. */
export async function openRecordLog<T>(
  location: RecordLocation | string,
  name: string,
  keyOf: (record: T) => string,
): Promise<AppendOnlyLog<T>> {
  const resolved: RecordLocation = typeof location === 'string' ? { kind: 'files', dataDirectory: location } : location;
  if (resolved.kind === 'files') {
    return openAppendOnlyLog<T>(path.join(resolved.dataDirectory, `${name}.jsonl`), keyOf, resolved.fileOptions);
  }
  return tableRecordLog<T>(await openSharedTable(resolved.connection, name), keyOf);
}
