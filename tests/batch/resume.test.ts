/**
 * `--resume` on a CSV output that a killed run left behind: a file that ends without its final line end ends in a
 * torn row, even when what is left of that row still parses; it is dropped and answered again, never merged.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFormatter, openCsvOutput } from '../../src/batch/csv-output.js';
import { outputColumns } from '../../src/batch/output-row.js';
import { readResumeState } from '../../src/batch/resume.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'batch-resume-'));
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

const columns = outputColumns(['id', 'question']);
function outputRow(row: number): Record<string, string> {
  return {
    id: `q${row}`,
    question: `Question ${row}?`,
    row: String(row),
    status: 'answered',
    answer: `Answer ${row}.`,
  };
}

describe('resuming a CSV output', () => {
  it('drops a final row cut before its line end and appends the rest on a new line', async () => {
    const file = path.join(folder, 'torn.csv');
    const formatter = csvFormatter();
    // The last row lost only its line end (and its empty last cells): it still parses as a whole row.
    const whole = formatter.header(columns) + formatter.row(outputRow(1)) + formatter.row(outputRow(2));
    await writeFile(file, whole.replace(/\n$/, ''));

    const state = await readResumeState(file);
    expect([...state!.answeredRows]).toEqual([1]);
    const output = await openCsvOutput(file, { append: true, existingColumns: state!.columns });
    await output.writeHeader(columns);
    await output.writeRow(outputRow(2));
    await output.writeRow(outputRow(3));
    await output.close();

    const rows = parse(await readFile(file), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.row, row.id, row.answer])).toEqual([
      ['1', 'q1', 'Answer 1.'],
      ['2', 'q2', 'Answer 2.'],
      ['3', 'q3', 'Answer 3.'],
    ]);
  });

  it('keeps a file that ends with its line end as it is', async () => {
    const file = path.join(folder, 'whole.csv');
    const formatter = csvFormatter();
    const whole = formatter.header(columns) + formatter.row(outputRow(1)) + formatter.row(outputRow(2));
    await writeFile(file, whole);
    const state = await readResumeState(file);
    expect([...state!.answeredRows].sort()).toEqual([1, 2]);
    expect(await readFile(file, 'utf8')).toBe(whole);
  });
});
