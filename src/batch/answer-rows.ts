/**
 * The batch pipeline: take a questionnaire's rows as they are read, answer them with bounded concurrency through the
 * one answer engine, and hand finished rows on in input order. A row is handed on as soon as it and every row before
 * it are finished, never by waiting on the oldest row while the next rows could be starting. Bad rows become error
 * rows and the run goes on; a stop signal lets in-flight rows finish and be written before the run ends.
 */
import { setMaxListeners } from 'node:events';
import type { AnswerRecord } from '../answer/record.js';
import type { AskOptions } from '../assistant.js';
import { AppError } from '../errors.js';
import type { QuestionColumns } from './columns.js';
import { answerCells, answerColumnName, answerColumns, errorCells, type AnswerCells } from './output-row.js';
import type { QuestionnaireSource, SourceRow } from './questionnaire-source.js';

/** Abort listeners one answered row may hold on the run's stop signal at a time. */
const listenersPerRow = 4;

export const maxQuestionLength = 2000;

export interface BatchRow {
  row: number;
  /** Input cells (every input column) followed by the answer columns. */
  cells: Record<string, string>;
  record?: AnswerRecord;
}

export interface BatchSummary {
  rows: number;
  answered: number;
  insufficientEvidence: number;
  outOfScope: number;
  errors: number;
  /** Rows marked for a reviewer (abstentions, unsupported sentences, low support). */
  needsReview: number;
  /** Rows skipped because the output already had them (resume). */
  resumed: number;
  stopped: boolean;
  durationMs: number;
  rowsPerMinute: number;
  /** What was read: format, encoding and delimiter, or sheet and header row. */
  input: string;
}

export interface AnswerRowsOptions {
  source: QuestionnaireSource;
  answer: (question: string, options: AskOptions) => Promise<AnswerRecord>;
  publicUrl: string;
  concurrency?: number;
  /**
   * Rows `answer` may hold beyond `concurrency` without answering them yet (a worker pool's lane keeps each worker's
   * next row at hand); it answers no more than `concurrency` at once.
   */
  readAhead?: number;
  /** Row numbers already answered in an earlier run. */
  skipRows?: ReadonlySet<number>;
  /** When aborted: read no further rows, finish and write those in flight, then return. */
  signal?: AbortSignal;
  onHeader: (inputColumns: string[], columns: QuestionColumns) => void | Promise<void>;
  onRow: (row: BatchRow) => void | Promise<void>;
  onProgress?: (progress: { rowsDone: number }) => void;
}

export async function answerRows(options: AnswerRowsOptions): Promise<BatchSummary> {
  const startedAt = Date.now();
  const { source } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const handedOver = concurrency + Math.max(0, options.readAhead ?? 0);
  // Finished rows wait for slower earlier rows; this window bounds how many can wait, and so memory.
  const window = handedOver * 4;
  const summary: BatchSummary = {
    rows: 0,
    answered: 0,
    insufficientEvidence: 0,
    outOfScope: 0,
    errors: 0,
    needsReview: 0,
    resumed: 0,
    stopped: false,
    durationMs: 0,
    rowsPerMinute: 0,
    input: source.description,
  };
  const { inputColumns, columns } = source;

  /** Finished rows by their position in the run, waiting for the rows before them. */
  const finished = new Map<number, BatchRow>();
  let started = 0;
  let nextToWrite = 0;
  let inFlight = 0;
  let writeError: unknown;
  let writing = Promise.resolve();
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const resolve of waiters.splice(0)) resolve();
  };
  const changed = () => new Promise<void>((resolve) => waiters.push(resolve));

  const count = (row: BatchRow) => {
    summary.rows++;
    const status = row.cells.status;
    if (status === 'answered') summary.answered++;
    else if (status === 'insufficient_evidence') summary.insufficientEvidence++;
    else if (status === 'out_of_scope') summary.outOfScope++;
    else summary.errors++;
    if (row.cells.review_status === 'needs_review') summary.needsReview++;
  };

  /** Writes, one at a time, every finished row that is next in input order. */
  const writeReady = async () => {
    while (writeError === undefined && finished.has(nextToWrite)) {
      const row = finished.get(nextToWrite)!;
      finished.delete(nextToWrite);
      nextToWrite++;
      try {
        await options.onRow(row);
      } catch (error) {
        writeError = error;
        break;
      }
      count(row);
      options.onProgress?.({ rowsDone: summary.rows + summary.resumed });
    }
    wake();
  };

  const start = (build: () => Promise<BatchRow>) => {
    const position = started++;
    inFlight++;
    void build().then((row) => {
      inFlight--;
      finished.set(position, row);
      writing = writing.then(writeReady);
      // The freed slot takes the next row now, not after this row's write (a slow disk or a slowly reading client);
      // the window still bounds how many finished rows can wait.
      wake();
    });
  };

  const withInput = (record: Record<string, string>, answer: AnswerCells): Record<string, string> => {
    const cells: Record<string, string> = {};
    for (const name of inputColumns) cells[name] = record[name] ?? '';
    for (const name of answerColumns) cells[answerColumnName(name, inputColumns)] = answer[name];
    return cells;
  };

  const answerOne = async (item: SourceRow): Promise<BatchRow> => {
    const { row } = item;
    const record = item.record ?? {};
    if (item.error !== undefined) return { row, cells: withInput(record, errorCells(row, item.error)) };
    const question = (record[columns.question] ?? '').trim();
    if (question === '') return { row, cells: withInput(record, errorCells(row, 'empty question')) };
    if (question.length > maxQuestionLength) {
      return {
        row,
        cells: withInput(
          record,
          errorCells(row, `question is ${question.length} characters; the limit is ${maxQuestionLength}`),
        ),
      };
    }
    const vendor = columns.vendor ? record[columns.vendor]?.trim() : undefined;
    const jurisdiction = columns.jurisdiction ? record[columns.jurisdiction]?.trim() : undefined;
    try {
      const answer = await options.answer(question, {
        surface: 'batch',
        // A row's vendor is context that focuses retrieval, not a filter that hides the law the question needs.
        ...(vendor ? { vendorContext: vendor } : {}),
        filters: jurisdiction
          ? { jurisdiction: jurisdiction.split(/[;,]/).map((item) => item.trim().toUpperCase()) }
          : {},
      });
      return { row, cells: withInput(record, answerCells(row, answer, options.publicUrl)), record: answer };
    } catch (error) {
      const message = AppError.isInstance(error) ? error.publicMessage : 'the answer engine failed on this row';
      return { row, cells: withInput(record, errorCells(row, message)) };
    }
  };

  // Every row in flight listens on the one stop signal (the engine, each model attempt), so at higher concurrency
  // Node's default limit of 10 listeners warns of a leak that is not one: each row removes its listeners as it ends.
  if (options.signal) setMaxListeners(handedOver * listenersPerRow + 1, options.signal);
  options.signal?.addEventListener('abort', wake, { once: true });
  await options.onHeader(inputColumns, columns);
  let readError: unknown;
  try {
    for await (const item of source.rows) {
      if (options.signal?.aborted || writeError !== undefined) break;
      if (options.skipRows?.has(item.row)) {
        summary.resumed++;
        continue;
      }
      while (
        (inFlight >= handedOver || started - nextToWrite >= window) &&
        writeError === undefined &&
        !options.signal?.aborted
      ) {
        await changed();
      }
      if (options.signal?.aborted || writeError !== undefined) break;
      start(() => answerOne(item));
    }
  } catch (error) {
    readError = error;
  }
  while (nextToWrite < started && writeError === undefined) await changed();
  await writing;
  if (writeError !== undefined) throw writeError;
  if (readError !== undefined) {
    throw AppError.isInstance(readError)
      ? readError
      : new AppError('invalid_input', `${source.name}: ${(readError as Error).message}`);
  }
  summary.stopped = options.signal?.aborted ?? false;
  summary.durationMs = Date.now() - startedAt;
  summary.rowsPerMinute =
    summary.durationMs > 0 ? Math.round((summary.rows / summary.durationMs) * 60_000) : summary.rows;
  return summary;
}
