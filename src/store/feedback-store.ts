/**
 * Ratings of answers (thumbs up or down, optional comment) from the widget, Slack and the API: `feedback.jsonl`
 * under the data directory (or the shared `feedback` table beside a remote index), durable like the answers, each entry keyed by its own id and carrying
 * the answer id it rates.
 */
import { randomBytes } from 'node:crypto';
import type { Feedback } from '../assistant.js';
import { openRecordLog, type RecordLocation } from './record-location.js';

export interface StoredFeedback extends Feedback {
  id: string;
  createdAt: string;
}

export interface FeedbackStore {
  append(feedback: Feedback): Promise<{ id: string; createdAt: string }>;
  /** All feedback, oldest first; only that for one answer when `answerId` is given. */
  list(answerId?: string): Promise<StoredFeedback[]>;
  close(): Promise<void>;
}

export const feedbackFileName = 'feedback.jsonl';

export async function openFeedbackStore(location: RecordLocation | string): Promise<FeedbackStore> {
  const log = await openRecordLog<StoredFeedback>(location, 'feedback', (entry) => entry.id);
  return {
    async append(feedback) {
      const entry: StoredFeedback = {
        id: `f_${Date.now().toString(36)}${randomBytes(5).toString('base64url')}`,
        createdAt: new Date().toISOString(),
        answerId: feedback.answerId,
        rating: feedback.rating,
        ...(feedback.comment !== undefined ? { comment: feedback.comment } : {}),
        source: feedback.source,
        ...(feedback.user !== undefined ? { user: feedback.user } : {}),
      };
      await log.append(entry);
      return { id: entry.id, createdAt: entry.createdAt };
    },
    async list(answerId) {
      const entries = await log.all();
      return answerId === undefined ? entries : entries.filter((entry) => entry.answerId === answerId);
    },
    close: () => log.close(),
  };
}
