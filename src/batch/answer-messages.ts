/**
 * What the batch's main thread and its answer workers say to each other. Records and options cross as structured
 * clones; an abort signal cannot, so a row's stop crosses as its own message, and an error crosses as its code and
 * message so the row reads the same as when answered in the main thread.
 */
import type { AnswerRecord } from '../answer/record.js';
import type { AskOptions } from '../assistant.js';
import type { Config } from '../config.js';
import { AppError, type ErrorCode } from '../errors.js';

export interface WorkerData {
  config: Config;
}

export type AskRequest = Omit<AskOptions, 'signal' | 'onComputed'>;

/**
 * The run a row belongs to and how many of that run's rows this worker answers at once; a row beyond that waits in
 * the worker and starts the moment one of them is computed (its record is then fsynced beside it) or fails, so the
 * worker never idles waiting for the main thread's next row or for the disk.
 */
export interface Lane {
  id: number;
  atOnce: number;
}

export type ToWorker =
  | { type: 'ask'; id: number; question: string; options: AskRequest; lane?: Lane }
  | { type: 'abort'; id: number }
  | { type: 'close' };

export interface SentError {
  /** Set for an AppError, whose code decides what a caller may see. */
  code?: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'startup-failed'; error: SentError }
  | { type: 'answered'; id: number; record: AnswerRecord }
  | { type: 'failed'; id: number; error: SentError }
  | { type: 'closed' };

export function sendableError(error: unknown): SentError {
  if (AppError.isInstance(error)) return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function receivedError(error: SentError): Error {
  return error.code ? new AppError(error.code, error.message, { details: error.details }) : new Error(error.message);
}
