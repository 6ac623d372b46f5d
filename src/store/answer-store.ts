/**
 * Durable answer records: `answers.jsonl` under the data directory, one record per line, fsynced before `append`
 * resolves, so a crash loses at most the answer in flight. `get` serves the permalink `/api/answers/:id`.
 */
import path from 'node:path';
import type { AnswerRecord } from '../answer/record.js';
import { openAppendOnlyLog } from './append-only-log.js';

export interface AnswerStore {
  append(record: AnswerRecord): Promise<void>;
  get(id: string): Promise<AnswerRecord | undefined>;
  close(): Promise<void>;
}

export const answersFileName = 'answers.jsonl';

export async function openAnswerStore(dataDirectory: string): Promise<AnswerStore> {
  const log = await openAppendOnlyLog<AnswerRecord>(path.join(dataDirectory, answersFileName), (record) => record.id);
  return {
    append: (record) => log.append(record),
    get: (id) => log.get(id),
    close: () => log.close(),
  };
}
