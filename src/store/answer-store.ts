/**
 * Durable answer records, one per answer, made durable before `append` resolves (fsynced to `answers.jsonl` under
 * the data directory, or committed to the shared `answers` table beside a remote index), so a 200 always has its
 * permalink. `get` serves the permalink `/api/answers/:id` from whichever replica is asked.
 */
import type { AnswerRecord } from '../answer/record.js';
import { openRecordLog, type RecordLocation } from './record-location.js';

export interface AnswerStore {
  append(record: AnswerRecord): Promise<void>;
  get(id: string): Promise<AnswerRecord | undefined>;
  close(): Promise<void>;
}

export const answersFileName = 'answers.jsonl';

export async function openAnswerStore(location: RecordLocation | string): Promise<AnswerStore> {
  const log = await openRecordLog<AnswerRecord>(location, 'answers', (record) => record.id);
  return {
    append: (record) => log.append(record),
    get: (id) => log.get(id),
    close: () => log.close(),
  };
}
