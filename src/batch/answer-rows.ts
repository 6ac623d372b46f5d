/**
 * The batch pipeline: parse CSV rows as they stream in, answer them with bounded concurrency through the one answer
 * engine, and hand finished rows on in input order. Bad rows become error rows and the run goes on; a stop signal
 * lets in-flight rows finish and be written before the run ends.
 */
import { pipeline, type Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { AnswerRecord } from '../answer/record.js';
import type { AskOptions } from '../assistant.js';
import { AppError } from '../errors.js';
import { findColumns, type QuestionColumns } from './columns.js';
import { answerCells, answerColumnName, answerColumns, errorCells, type AnswerCells } from './output-row.js';
import { utf8Guard } from './utf8-guard.js';

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
  /** Rows skipped because the output already had them (resume). */
  resumed: number;
  stopped: boolean;
  durationMs: number;
  rowsPerMinute: number;
}

export interface AnswerRowsOptions {
  source: Readable;
  sourceName: string;
  answer: (question: string, options: AskOptions) => Promise<AnswerRecord>;
  publicUrl: string;
  concurrency?: number;
  column?: string;
  /** Row numbers already answered in an earlier run. */
  skipRows?: ReadonlySet<number>;
  /** When aborted: read no further rows, finish and write those in flight, then return. */
  signal?: AbortSignal;
  onHeader: (inputColumns: string[], columns: QuestionColumns) => void | Promise<void>;
  onRow: (row: BatchRow) => void | Promise<void>;
  onProgress?: (progress: { rowsDone: number; bytesRead: number }) => void;
}

export async function answerRows(options: AnswerRowsOptions): Promise<BatchSummary> {
  const startedAt = Date.now();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  // Finished rows wait for slower earlier rows; this window bounds how many can wait, and so memory.
  const window = concurrency * 4;
  const summary: BatchSummary = {
    rows: 0,
    answered: 0,
    insufficientEvidence: 0,
    outOfScope: 0,
    errors: 0,
    resumed: 0,
    stopped: false,
    durationMs: 0,
    rowsPerMinute: 0,
  };

  let bytesRead = 0;
  options.source.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
  });

  let rowNumber = 0;
  let inputColumns: string[] = [];
  let columns: QuestionColumns | undefined;
  const skippedRecords: { row: number; reason: string }[] = [];
  let lastSkippedRecordIndex: number | undefined;
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      inputColumns = header.map((name) => name.trim());
      columns = findColumns(inputColumns, options.column);
      return inputColumns;
    },
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      // One broken record can raise several errors (one per bad quote); it is still one row.
      const recordIndex = (error as { records?: number } | undefined)?.records;
      if (recordIndex !== undefined && recordIndex === lastSkippedRecordIndex) return undefined;
      lastSkippedRecordIndex = recordIndex;
      skippedRecords.push({ row: ++rowNumber, reason: `unreadable CSV row: ${error?.message ?? 'parse error'}` });
      return undefined;
    },
    on_record: (record: Record<string, string>) => ({ row: ++rowNumber, record }),
  });
  // pipeline() carries the source's and the guard's errors (unreadable file, not UTF-8) into the parser, so the
  // loop below ends with them instead of hanging.
  pipeline(options.source, utf8Guard(options.sourceName), parser, () => undefined);

  const pending = new Map<number, Promise<BatchRow>>();
  let nextToWrite = 1;
  let highestStarted = 0;
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  let headerWritten = false;

  const writeHeader = async () => {
    if (headerWritten) return;
    headerWritten = true;
    await options.onHeader(inputColumns, columns!);
  };

  const count = (row: BatchRow) => {
    summary.rows++;
    const status = row.cells.status;
    if (status === 'answered') summary.answered++;
    else if (status === 'insufficient_evidence') summary.insufficientEvidence++;
    else if (status === 'out_of_scope') summary.outOfScope++;
    else summary.errors++;
  };

  /** Writes every finished row that is next in input order. */
  const flush = async () => {
    while (pending.has(nextToWrite) || options.skipRows?.has(nextToWrite)) {
      const task = pending.get(nextToWrite);
      if (task) {
        const row = await task;
        pending.delete(nextToWrite);
        await options.onRow(row);
        count(row);
        options.onProgress?.({ rowsDone: summary.rows + summary.resumed, bytesRead });
      }
      nextToWrite++;
    }
  };

  const start = (row: number, build: () => Promise<BatchRow>) => {
    highestStarted = row;
    inFlight++;
    const task = build().finally(() => {
      inFlight--;
      slotFreed?.();
    });
    pending.set(row, task);
  };

  const waitForSlot = async () => {
    while (inFlight >= concurrency || highestStarted - nextToWrite >= window) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
      slotFreed = undefined;
      await flush();
    }
  };

  const emitSkipped = async (beforeRow: number) => {
    while (skippedRecords.length > 0 && skippedRecords[0]!.row < beforeRow) {
      const skipped = skippedRecords.shift()!;
      if (options.skipRows?.has(skipped.row)) continue;
      start(skipped.row, async () => ({
        row: skipped.row,
        cells: withInput({}, errorCells(skipped.row, skipped.reason)),
      }));
    }
  };

  const withInput = (record: Record<string, string>, answer: AnswerCells): Record<string, string> => {
    const cells: Record<string, string> = {};
    for (const name of inputColumns) cells[name] = record[name] ?? '';
    for (const name of answerColumns) cells[answerColumnName(name, inputColumns)] = answer[name];
    return cells;
  };

  const answerOne = async (row: number, record: Record<string, string>): Promise<BatchRow> => {
    const question = (record[columns!.question] ?? '').trim();
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
    const vendor = columns!.vendor ? record[columns!.vendor]?.trim() : undefined;
    const jurisdiction = columns!.jurisdiction ? record[columns!.jurisdiction]?.trim() : undefined;
    try {
      const answer = await options.answer(question, {
        surface: 'batch',
        filters: {
          ...(vendor ? { vendor: [vendor] } : {}),
          ...(jurisdiction
            ? { jurisdiction: jurisdiction.split(/[;,]/).map((item) => item.trim().toUpperCase()) }
            : {}),
        },
      });
      return { row, cells: withInput(record, answerCells(row, answer, options.publicUrl)), record: answer };
    } catch (error) {
      const message = AppError.isInstance(error) ? error.publicMessage : 'the answer engine failed on this row';
      return { row, cells: withInput(record, errorCells(row, message)) };
    }
  };

  try {
    for await (const item of parser as AsyncIterable<{ row: number; record: Record<string, string> }>) {
      await writeHeader();
      await emitSkipped(item.row);
      if (options.signal?.aborted) break;
      if (options.skipRows?.has(item.row)) {
        summary.resumed++;
        await flush();
        continue;
      }
      await waitForSlot();
      start(item.row, () => answerOne(item.row, item.record));
      await flush();
    }
    if (!options.signal?.aborted) {
      // A file with a header and only unreadable rows still gets its header and error rows.
      if (columns) await writeHeader();
      await emitSkipped(Number.POSITIVE_INFINITY);
    }
  } catch (error) {
    await drain();
    throw AppError.isInstance(error)
      ? error
      : new AppError('invalid_input', `${options.sourceName}: ${(error as Error).message}`);
  }
  summary.stopped = options.signal?.aborted ?? false;
  await drain();
  if (!headerWritten && columns === undefined) {
    throw new AppError(
      'invalid_input',
      `${options.sourceName} is empty: it needs a header row with a question column.`,
    );
  }
  summary.durationMs = Date.now() - startedAt;
  summary.rowsPerMinute =
    summary.durationMs > 0 ? Math.round((summary.rows / summary.durationMs) * 60_000) : summary.rows;
  return summary;

  async function drain() {
    await Promise.allSettled(pending.values());
    // Rows after a stop are not started, so writing stops at the first gap.
    while (pending.size > 0) {
      if (!pending.has(nextToWrite) && !options.skipRows?.has(nextToWrite)) {
        nextToWrite = Math.min(...pending.keys());
      }
      await flush();
    }
  }
}
