/**
 * Writes answers into the questionnaire workbook itself: the answer columns go beside the question columns on the
 * header row of the sheet that was read (header cells styled like the input's last header cell), each row's answers
 * on that row, every other sheet, column, width and style as the input had them. Every value is written as text, so
 * nothing becomes a formula. Citations and the answer link carry a hyperlink to the answer page.
 *
 * A workbook is one ZIP file and cannot be appended to, so the file is saved whole at checkpoints (every few rows or
 * seconds) to a temporary name and renamed over the output: a killed run leaves the last checkpoint, and `--resume`
 * answers only the rows that have no status yet.
 */
import { rename, writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { answerColumnName, answerColumns } from './output-row.js';
import { cellText, loadWorkbook } from './xlsx-source.js';

const linkedColumns = new Set(['citations', 'answer_url']);
const wideColumns: Record<string, number> = { answer: 60, short_answer: 40, citations: 50, quotes: 50, error: 30 };
const defaultWidth = 14;
const checkpointRows = 25;
const checkpointMs = 5_000;

export interface WorkbookTarget {
  workbook: ExcelJS.Workbook;
  sheetName: string;
  headerRow: number;
}

export interface XlsxOutput {
  writeHeader(inputColumns: readonly string[]): void;
  writeRow(row: number, cells: Record<string, string>): Promise<void>;
  /** The workbook as bytes (the HTTP response). */
  toBuffer(): Promise<Buffer>;
  close(): Promise<void>;
}

export function xlsxOutput(target: WorkbookTarget, outputPath?: string): XlsxOutput {
  const sheet = target.workbook.getWorksheet(target.sheetName)!;
  const header = sheet.getRow(target.headerRow);
  const positions: { base: string; name: string; column: number }[] = [];
  let rowsSinceSave = 0;
  let savedAt = Date.now();
  let saving = Promise.resolve();

  const save = async () => {
    if (!outputPath) return;
    const bytes = await target.workbook.xlsx.writeBuffer();
    const temporary = `${outputPath}.${process.pid}.tmp`;
    await writeFile(temporary, Buffer.from(bytes as ArrayBuffer));
    await rename(temporary, outputPath);
    rowsSinceSave = 0;
    savedAt = Date.now();
  };

  return {
    writeHeader(inputColumns) {
      const existing = new Map<string, number>();
      let lastHeader = 0;
      header.eachCell({ includeEmpty: false }, (cell, column) => {
        existing.set(cellText(cell).trim(), column);
        lastHeader = Math.max(lastHeader, column);
      });
      let lastUsed = Math.max(lastHeader, sheet.columnCount);
      const headerStyle = lastHeader > 0 ? structuredClone(header.getCell(lastHeader).style) : {};
      for (const base of answerColumns) {
        const name = answerColumnName(base, inputColumns);
        const column = existing.get(name) ?? ++lastUsed;
        positions.push({ base, name, column });
        if (existing.has(name)) continue;
        const cell = header.getCell(column);
        cell.value = name;
        cell.style = structuredClone(headerStyle);
        sheet.getColumn(column).width = wideColumns[name] ?? defaultWidth;
      }
    },
    async writeRow(row, cells) {
      const target = sheet.getRow(row);
      const link = cells[positions.find((position) => position.base === 'answer_url')?.name ?? 'answer_url'];
      for (const { base, name, column } of positions) {
        const text = cells[name] ?? '';
        const cell = target.getCell(column);
        cell.value = text !== '' && link && linkedColumns.has(base) ? { text, hyperlink: link } : text;
        cell.alignment = { wrapText: true, vertical: 'top' };
      }
      rowsSinceSave++;
      if (rowsSinceSave >= checkpointRows || Date.now() - savedAt >= checkpointMs) {
        saving = saving.then(save);
        await saving;
      }
    },
    async toBuffer() {
      return Buffer.from((await target.workbook.xlsx.writeBuffer()) as ArrayBuffer);
    },
    async close() {
      await saving;
      await save();
    },
  };
}

/** Rows of an earlier run's output workbook that already have a status, so `--resume` skips them. */
export async function readWorkbookResumeState(
  bytes: Uint8Array,
  outputPath: string,
  sheetName: string,
  headerRow: number,
  statusColumn: string,
): Promise<{ workbook: ExcelJS.Workbook; answeredRows: Set<number> } | undefined> {
  const workbook = await loadWorkbook(bytes, outputPath);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) return undefined;
  let column: number | undefined;
  sheet.getRow(headerRow).eachCell((cell, index) => {
    if (cellText(cell).trim() === statusColumn) column = index;
  });
  const answeredRows = new Set<number>();
  if (column === undefined) return { workbook, answeredRows };
  for (let row = headerRow + 1; row <= sheet.rowCount; row++) {
    if (cellText(sheet.getRow(row).getCell(column)).trim() !== '') answeredRows.add(row);
  }
  return { workbook, answeredRows };
}
