/**
 * An XLSX questionnaire (title block, two sheets, a merged header cell, a formula-looking question and a formula cell)
 * through `POST /api/batch`: the same workbook comes back with the answer columns filled in place beside the
 * questions, every sheet, width and style kept, and every written cell plain text.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { headerFill, headerRow, questionsSheet, writeQuestionnaireWorkbook } from './questionnaire-workbook.js';
import { expectAnsweredInPlace } from './xlsx-expectations.js';

let context: TestAssistant;
let workspace: string;
let input: string;

beforeAll(async () => {
  context = await createTestAssistant();
  workspace = await mkdtemp(path.join(os.tmpdir(), 'xlsx-questionnaire-'));
  input = path.join(workspace, 'questionnaire.xlsx');
  await writeQuestionnaireWorkbook(input);
});
afterAll(async () => {
  await context?.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

describe('POST /api/batch with an XLSX workbook', () => {
  it('returns the workbook with answers filled in place and its formatting kept', async () => {
    const form = new FormData();
    form.append('file', new Blob([await readFile(input)]), 'questionnaire.xlsx');
    const response = await context.app.request('/api/batch', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toContain('questionnaire.answers.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expectAnsweredInPlace(workbook, context.assistant.config.publicUrl);
  });

  it('answers a raw workbook body sent with its content type, picking the sheet asked for', async () => {
    const response = await context.app.request(`/api/batch?sheet=${questionsSheet}`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: await readFile(input),
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.getWorksheet(questionsSheet)!.getRow(headerRow).getCell(1).fill).toMatchObject({
      fgColor: { argb: headerFill },
    });
    const missing = await context.app.request('/api/batch?sheet=Nope', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: await readFile(input),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('"Instructions"');
  });

  it('refuses a workbook that says it unpacks to more than a questionnaire could, before unpacking it', async () => {
    const bytes = Buffer.from(await readFile(input));
    // Claim 2 GB for the first entry of the central directory, as a zip bomb would.
    const entry = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0x7fffffff, entry + 24);
    const response = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: bytes,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('unpacks to');
  });
});
