/**
 * Opens a questionnaire file or upload as CSV or XLSX by its first bytes (an XLSX workbook is a ZIP archive), so the
 * name or content type a client sent cannot send a workbook to the CSV reader.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { openCsvSource } from './csv-source.js';
import { looksLikeWorkbook, type QuestionnaireSource, type SourceOptions } from './questionnaire-source.js';
import { openXlsxSource, type WorkbookSource } from './xlsx-source.js';

export function openQuestionnaireBytes(
  bytes: Uint8Array,
  name: string,
  options: SourceOptions = {},
): Promise<QuestionnaireSource | WorkbookSource> {
  if (looksLikeWorkbook(bytes)) return openXlsxSource(bytes, name, options);
  return openCsvSource(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), name, options);
}

export async function openQuestionnaireFile(
  path: string,
  options: SourceOptions = {},
): Promise<QuestionnaireSource | WorkbookSource> {
  const firstBytes = Buffer.alloc(4);
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(firstBytes, 0, 4, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new AppError('invalid_input', `${path}: ${(error as Error).message}`);
  }
  if (looksLikeWorkbook(firstBytes)) return openXlsxSource(await readFile(path), path, options);
  return openCsvSource(createReadStream(path), path, options);
}

export function isWorkbookSource(source: QuestionnaireSource): source is WorkbookSource {
  return source.format === 'xlsx';
}
