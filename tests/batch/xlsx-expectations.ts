/** What an answered questionnaire workbook must look like, for the HTTP and CLI round trips. */
import type ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { headerFill, headerRow, questionsSheet } from './questionnaire-workbook.js';

export function headerColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(headerRow).eachCell((cell, column) => {
    if (typeof cell.value === 'string' && cell.value !== '') columns.set(cell.value, column);
  });
  return columns;
}

export function expectAnsweredInPlace(workbook: ExcelJS.Workbook, publicUrl: string): void {
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions', questionsSheet]);
  expect(workbook.getWorksheet('Instructions')!.getCell('A1').value).toBe(
    'Answer every question on the Questions sheet.',
  );
  const sheet = workbook.getWorksheet(questionsSheet)!;
  // Title block, merges, widths and header styles as the input had them.
  expect(sheet.getCell('A1').value).toBe('Vendor security questionnaire 2025');
  expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
  expect(sheet.getCell('D1').isMerged).toBe(true);
  expect(sheet.getCell(`D${headerRow}`).isMerged).toBe(true);
  expect(sheet.getColumn(3).width).toBe(55);
  expect(sheet.getCell(`A${headerRow}`).fill).toMatchObject({ fgColor: { argb: headerFill } });

  const columns = headerColumns(sheet);
  for (const name of ['status', 'review_status', 'short_answer', 'answer', 'citations', 'support', 'answer_id']) {
    expect(columns.has(name), name).toBe(true);
  }
  // Answer columns sit beside the questions, after the input's last column, with the header's style.
  expect(columns.get('row')).toBe(6);
  expect(sheet.getRow(headerRow).getCell(columns.get('status')!).fill).toMatchObject({ fgColor: { argb: headerFill } });

  const cell = (row: number, name: string) => sheet.getRow(row).getCell(columns.get(name)!);
  expect(cell(headerRow + 1, 'status').value).toBe('answered');
  expect(cell(headerRow + 1, 'row').value).toBe(String(headerRow + 1));
  expect(cell(headerRow + 2, 'status').value).toBe('answered');
  const answerId = cell(headerRow + 1, 'answer_id').value as string;
  expect(answerId).toMatch(/^a_/);
  expect(cell(headerRow + 1, 'citations').value).toMatchObject({
    text: expect.stringMatching(/^\[1\] /) as string,
    hyperlink: `${publicUrl}/answers/${answerId}`,
  });
  // The formula-looking question stays text, and is answered as the text it is.
  expect(sheet.getCell(`C${headerRow + 3}`).value).toMatch(/^=HYPERLINK/);
  expect(cell(headerRow + 3, 'status').value).not.toBe('');
  // A formula cell is never evaluated: its stored result is the question, the formula is kept.
  expect(sheet.getCell(`C${headerRow + 4}`).formula).toContain('CONCAT');
  expect(cell(headerRow + 4, 'status').value).toBe('answered');
  // Nothing written is a formula.
  for (const name of columns.keys()) {
    for (let row = headerRow + 1; row <= headerRow + 4; row++) {
      const value = sheet.getRow(row).getCell(columns.get(name)!).value;
      if (columns.get(name)! >= 6) expect(typeof value === 'object' && value && 'formula' in value, name).toBeFalsy();
    }
  }
}
