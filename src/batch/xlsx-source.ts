/**
 * Opens an XLSX questionnaire with exceljs: picks the sheet (`--sheet` by name or position, else the first sheet with
 * a question column), finds the header row below any title block (merged title cells included), and reads the rows
 * below it. Formulas are never evaluated: a formula cell reads as the result the file stored, or as empty. Rows
 * without a question (section headings, blank lines) are left as they are.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';
import { findColumns, type QuestionColumns } from './columns.js';
import type { QuestionnaireSource, SourceOptions, SourceRow } from './questionnaire-source.js';
import { declaredUnpackedSize } from './zip-size.js';

/** How far down a title block may push the header. */
const headerSearchRows = 30;
/** What a workbook may unpack to; real questionnaires unpack to a few megabytes. */
export const maxUnpackedBytes = 256 * 1024 * 1024;

export interface WorkbookSource extends QuestionnaireSource {
  format: 'xlsx';
  workbook: ExcelJS.Workbook;
  sheetName: string;
  /** The worksheet row of the header (its last row when the header spans merged rows). */
  headerRow: number;
  /** The worksheet column of each input column, in order. */
  columnNumbers: number[];
}

export async function loadWorkbook(bytes: Uint8Array, name: string): Promise<ExcelJS.Workbook> {
  const unpacked = declaredUnpackedSize(bytes);
  if (unpacked > maxUnpackedBytes) {
    throw new AppError(
      'invalid_input',
      `${name} is not a workbook this can read: it unpacks to ${Number.isFinite(unpacked) ? `${Math.round(unpacked / 1048576)} MB` : 'an unreadable size'} (the limit is ${maxUnpackedBytes / 1048576} MB).`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${name} is not a readable XLSX workbook (${(error as Error).message}). Save it from Excel as .xlsx.`,
    );
  }
  return workbook;
}

export async function openXlsxSource(
  bytes: Uint8Array,
  name: string,
  options: SourceOptions = {},
): Promise<WorkbookSource> {
  const workbook = await loadWorkbook(bytes, name);
  const sheets = options.sheet ? [pickSheet(workbook, options.sheet, name)] : workbook.worksheets;
  const problems: string[] = [];
  for (const sheet of sheets) {
    const found = findHeader(sheet, options.column);
    if ('problem' in found) {
      problems.push(`sheet "${sheet.name}": ${found.problem}`);
      continue;
    }
    const { headerRow, inputColumns, columnNumbers, columns } = found;
    return {
      name,
      format: 'xlsx',
      description: `XLSX, sheet "${sheet.name}", header on row ${headerRow}`,
      inputColumns,
      columns,
      rows: rows(sheet, headerRow, inputColumns, columnNumbers, columns),
      workbook,
      sheetName: sheet.name,
      headerRow,
      columnNumbers,
    };
  }
  throw new AppError(
    'invalid_input',
    `${name}: no sheet has a question column${problems.length ? ` (${problems.join('; ')})` : ''}. Pick one with --sheet and name the column with --column.`,
  );
}

function pickSheet(workbook: ExcelJS.Workbook, wanted: string, name: string): ExcelJS.Worksheet {
  const byName = workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  const position = Number(wanted);
  const sheet = byName ?? (Number.isInteger(position) ? workbook.worksheets[position - 1] : undefined);
  if (!sheet) {
    throw new AppError(
      'invalid_input',
      `${name} has no sheet "${wanted}"; its sheets are ${workbook.worksheets.map((item) => `"${item.name}"`).join(', ')}.`,
    );
  }
  return sheet;
}

function findHeader(sheet: ExcelJS.Worksheet, requestedColumn: string | undefined) {
  const lastColumn = sheet.columnCount;
  let firstProblem: string | undefined;
  for (let rowNumber = 1; rowNumber <= Math.min(sheet.rowCount, headerSearchRows); rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const names: string[] = [];
    const columnNumbers: number[] = [];
    for (let column = 1; column <= lastColumn; column++) {
      const cell = row.getCell(column);
      // A header cell merged across columns names only its first column.
      if (cell.isMerged && cell.master.address !== cell.address && Number(cell.master.row) === rowNumber) continue;
      const text = cellText(cell).trim();
      if (text === '') continue;
      names.push(uniqueName(text, names));
      columnNumbers.push(column);
    }
    if (names.length === 0) continue;
    let columns: QuestionColumns;
    try {
      columns = findColumns(names, requestedColumn);
    } catch (error) {
      firstProblem ??= (error as Error).message;
      continue;
    }
    // A header merged down over several rows ends at its last row.
    let headerRow = rowNumber;
    const questionColumn = columnNumbers[names.indexOf(columns.question)]!;
    const questionHeader = row.getCell(questionColumn);
    while (
      sheet
        .getRow(headerRow + 1)
        .getCell(questionColumn)
        .isMergedTo(questionHeader)
    )
      headerRow++;
    return { headerRow, inputColumns: names, columnNumbers, columns };
  }
  return { problem: firstProblem ?? 'no header row in the first rows' };
}

function uniqueName(name: string, taken: string[]): string {
  if (!taken.includes(name)) return name;
  let index = 2;
  while (taken.includes(`${name} (${index})`)) index++;
  return `${name} (${index})`;
}

async function* rows(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  inputColumns: string[],
  columnNumbers: number[],
  columns: QuestionColumns,
): AsyncGenerator<SourceRow> {
  const questionIndex = inputColumns.indexOf(columns.question);
  for (let rowNumber = headerRow + 1; rowNumber <= sheet.rowCount; rowNumber++) {
    const row = sheet.getRow(rowNumber);
    const record: Record<string, string> = {};
    inputColumns.forEach((column, index) => {
      record[column] = cellText(row.getCell(columnNumbers[index]!));
    });
    const questionCell = row.getCell(columnNumbers[questionIndex]!);
    // A question merged down over several rows is one question, asked on its first row.
    if (questionCell.isMerged && questionCell.master.address !== questionCell.address) continue;
    if (record[inputColumns[questionIndex]!]!.trim() === '') continue;
    yield { row: rowNumber, record };
  }
}

/** A cell's text as the file stores it; a formula gives its stored result, never a computed one. */
export function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value);
}

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value)
    return typeof value.text === 'string' ? value.text : valueText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined || (typeof result === 'object' && result !== null && 'error' in result)
      ? ''
      : valueText(result as ExcelJS.CellValue);
  }
  return '';
}
