/**
 * A questionnaire as the batch pipeline reads it, whatever the file: the header found, the question columns, and the
 * rows one at a time (a row that cannot be read carries the reason instead of cells). CSV and XLSX files open into
 * this shape, chosen by the file's first bytes so a misnamed upload still opens.
 */
import type { Readable } from 'node:stream';
import type { QuestionColumns } from './columns.js';

export interface SourceRow {
  /** The row number written to the `row` column: the data row in a CSV file, the worksheet row in a workbook. */
  row: number;
  record?: Record<string, string>;
  error?: string;
}

export interface QuestionnaireSource {
  name: string;
  format: 'csv' | 'xlsx';
  /** What was found in the file (encoding and delimiter, or sheet and header row), for the run's summary. */
  description: string;
  inputColumns: string[];
  columns: QuestionColumns;
  rows: AsyncIterable<SourceRow>;
}

export interface SourceOptions {
  /** The question column's name (`--column`). */
  column?: string;
  /** CSV overrides of what is sniffed. */
  delimiter?: string;
  encoding?: string;
  /** Workbook sheet by name or 1-based position; by default the first sheet with a question column. */
  sheet?: string;
}

const zipSignature = [0x50, 0x4b, 0x03, 0x04];

/** True when the bytes start like an XLSX workbook (a ZIP archive). */
export function looksLikeWorkbook(firstBytes: Uint8Array): boolean {
  return zipSignature.every((byte, index) => firstBytes[index] === byte);
}

export type SourceInput = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'stream'; stream: Readable };
