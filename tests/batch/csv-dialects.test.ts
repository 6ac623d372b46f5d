/**
 * CSV questionnaires as spreadsheets export them: the delimiter and quoting are sniffed, the encoding is found from
 * a byte-order mark or the bytes, a title line above the header is passed over, and `--delimiter` / `--encoding`
 * override what was found.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQuestionnaireFile } from '../../src/batch/open-questionnaire.js';
import type { SourceOptions, SourceRow } from '../../src/batch/questionnaire-source.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'csv-dialects-'));
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer | string, options: SourceOptions = {}) {
  const file = path.join(folder, name);
  await writeFile(file, bytes);
  const source = await openQuestionnaireFile(file, options);
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return { source, rows };
}

const question = 'Will you notify us of a breach within 72 hours; and how?';

describe('CSV dialects and encodings', () => {
  it('reads a semicolon file exported by Excel in a European locale, with a title line above the header', async () => {
    const { source, rows } = await read(
      'semicolon.csv',
      `Questionnaire 2025;;\r\nID;Question;Notes\r\n1;"${question}";"a, b"\r\n2;Second question?;\r\n`,
    );
    expect(source.description).toBe('CSV, utf-8, semicolon-delimited');
    expect(source.inputColumns).toEqual(['ID', 'Question', 'Notes']);
    expect(rows.map((row) => row.record)).toEqual([
      { ID: '1', Question: question, Notes: 'a, b' },
      { ID: '2', Question: 'Second question?', Notes: '' },
    ]);
  });

  it('reads tab- and pipe-delimited files and single-quoted fields', async () => {
    const tab = await read('tab.tsv', `id\tquestion\n1\t${question}\n`);
    expect(tab.source.description).toBe('CSV, utf-8, tab-delimited');
    expect(tab.rows[0]!.record!.question).toBe(question);
    const pipe = await read('pipe.csv', `id|question\n1|'What is ISO 27001, and who certifies it?'\n`);
    expect(pipe.source.description).toBe('CSV, utf-8, pipe-delimited');
    expect(pipe.rows[0]!.record!.question).toBe('What is ISO 27001, and who certifies it?');
  });

  it('reads Windows-1252 (curly quotes, euro sign), UTF-16 with a byte-order mark and UTF-8 with one', async () => {
    const text = `question,note\r\nWhat does \u201cadequacy\u201d mean?,costs \u20ac5\r\n`;
    const windows1252 = await read('cp1252.csv', iconv.encode(text, 'win1252'));
    expect(windows1252.source.description).toBe('CSV, windows-1252, comma-delimited');
    expect(windows1252.rows[0]!.record).toEqual({
      question: 'What does \u201cadequacy\u201d mean?',
      note: 'costs \u20ac5',
    });
    const utf16 = await read('utf16.csv', iconv.encode(text, 'utf-16le', { addBOM: true }));
    expect(utf16.source.description).toBe('CSV, utf-16le, comma-delimited');
    expect(utf16.rows[0]!.record!.note).toBe('costs \u20ac5');
    const utf8 = await read('utf8-bom.csv', Buffer.from(`\uFEFF${text}`));
    expect(utf8.source.description).toBe('CSV, utf-8, comma-delimited');
    expect(utf8.source.inputColumns).toEqual(['question', 'note']);
  });

  it('takes the delimiter and encoding it is given over what it would find', async () => {
    const { source, rows } = await read('forced.csv', 'question;x\nA, b?;c\n', {
      delimiter: 'comma',
      column: 'question;x',
    });
    expect(source.inputColumns).toEqual(['question;x']);
    expect(rows[0]!.record!['question;x']).toBe('A');
    await expect(read('bad.csv', 'question\nx\n', { delimiter: 'colon' })).rejects.toThrow(/Unknown delimiter/);
    await expect(read('bad2.csv', 'question\nx\n', { encoding: 'ebcdic' })).rejects.toThrow(/Unknown encoding/);
  });
});
