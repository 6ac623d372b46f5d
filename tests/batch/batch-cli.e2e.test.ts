import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { headerRow, questionsSheet, writeQuestionnaireWorkbook } from './questionnaire-workbook.js';
import { expectAnsweredInPlace, headerColumns } from './xlsx-expectations.js';

let context: TestAssistant;
let folder: string;

const questions = [
  'What must a provider disclose under the CLOUD Act?',
  'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?',
  'Who must support intelligence work in China?',
  'What does PIPL require before personal information leaves China?',
  'What did the Irish DPC fine TikTok in 2023?',
];

beforeAll(async () => {
  context = await createTestAssistant();
  // The CLI runs in its own process over the same, already built index.
  await context.assistant.close();
  folder = await mkdtemp(path.join(os.tmpdir(), 'diligence-batch-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(context.dataDir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stderr: string;
}

function startCli(args: string[], options: { onStderr?: (text: string) => void; env?: Record<string, string> } = {}) {
  // PUBLIC_URL only when a test sets it, so a run shows what the CLI says without it.
  const { PUBLIC_URL: _publicUrl, ...environment } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'batch', ...args], {
    env: { ...environment, ...context.settings, LOG_LEVEL: 'silent', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(chunk.toString());
  });
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

async function rowsOf(file: string): Promise<Record<string, string>[]> {
  return parse(await readFile(file), { columns: true, bom: true }) as Record<string, string>[];
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}

async function answerRecordCount(): Promise<number> {
  const file = path.join(context.dataDir, 'answers.jsonl');
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

describe('npm run batch', () => {
  it('answers a questionnaire into an Excel-friendly CSV and prints a summary', async () => {
    const input = path.join(folder, 'simple.csv');
    const output = path.join(folder, 'simple-out.csv');
    await writeFile(
      input,
      ['question', ...questions.slice(0, 2), '"=HYPERLINK(""http://evil.example"",""x"")"'].join('\r\n'),
    );
    const { code, stderr } = await startCli([input, '-o', output, '--excel', '--concurrency', '2']).done;
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /Done: 3 rows in [\d.]+ s \(\d+ rows\/min\): 2 answered, 0 insufficient evidence, \d out of scope, \d errors; \d need review\. Input: CSV, utf-8, comma-delimited\. Output: /,
    );
    // Without PUBLIC_URL the links point at this machine's server, and the CLI says so and how to change it.
    expect(stderr).toMatch(
      /Answer links open http:\/\/localhost:\d+\/answers\/<id> \(set PUBLIC_URL to the address your readers can reach\)\./,
    );
    const bytes = await readFile(output);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString()).toContain('\r\n');
    const rows = await rowsOf(output);
    expect(rows[2]!.question).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });

  it('names the file when it cannot be used and exits non-zero', async () => {
    const missing = await startCli([path.join(folder, 'missing.csv')]).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.csv: no such file');
    const noQuestion = path.join(folder, 'no-question.csv');
    await writeFile(noQuestion, 'topic\nx\n');
    const result = await startCli([noQuestion, '-o', path.join(folder, 'no-question-out.csv')]).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No question column');
  });

  it('resumes after the process was killed mid-run: nothing lost, nothing answered twice', async () => {
    const input = path.join(folder, 'long.csv');
    const output = path.join(folder, 'long-out.csv');
    // A small delay per streamed chunk keeps the run going long enough to be killed mid-way with few rows.
    const total = 20;
    const lines = [
      'id,question',
      ...Array.from(
        { length: total },
        (_, index) => `q${index + 1},${questions[index % questions.length]} (${index + 1})`,
      ),
    ];
    await writeFile(input, lines.join('\n'));
    const before = await answerRecordCount();

    const first = startCli([input, '-o', output, '--concurrency', '1'], { env: { LOCAL_STREAM_DELAY_MS: '3' } });
    await waitFor(
      async () =>
        (await stat(output).catch(() => undefined))?.size !== undefined &&
        (await rowsOf(output).catch(() => [])).length >= 5,
    );
    first.child.kill('SIGKILL');
    await first.done;
    const partial = await rowsOf(output);
    expect(partial.length).toBeGreaterThanOrEqual(5);
    expect(partial.length).toBeLessThan(total);
    const answeredBeforeKill = (await answerRecordCount()) - before;

    const second = await startCli([input, '-o', output, '--resume', '--concurrency', '4']).done;
    expect(second.code).toBe(0);
    const rows = await rowsOf(output);
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: total }, (_, index) => `q${index + 1}`));
    expect(new Set(rows.map((row) => row.row)).size).toBe(total);
    expect(rows.every((row) => row.status !== 'error' && row.answer_id !== '')).toBe(true);
    // The resumed run answered only the rows that were missing (one row may have been in flight when killed).
    const answeredAfterResume = (await answerRecordCount()) - before - answeredBeforeKill;
    expect(answeredAfterResume).toBe(total - partial.length);
    expect(second.stderr).toContain(`${partial.length} already answered (resumed)`);
  }, 300_000);

  it('stops cleanly on Ctrl-C with every finished row written', async () => {
    const input = path.join(folder, 'interrupt.csv');
    const output = path.join(folder, 'interrupt-out.csv');
    await writeFile(
      input,
      [
        'question',
        ...Array.from({ length: 40 }, (_, index) => `${questions[index % questions.length]} #${index}`),
      ].join('\n'),
    );
    const run = startCli([input, '-o', output, '--concurrency', '2'], { env: { LOCAL_STREAM_DELAY_MS: '3' } });
    await waitFor(async () => (await rowsOf(output).catch(() => [])).length >= 5);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const rows = await rowsOf(output);
    const reported = Number(/Stopped: (\d+) rows/.exec(result.stderr)?.[1]);
    expect(rows.length).toBe(reported);
    expect(rows.length).toBeLessThan(40);
    expect(rows.map((row) => Number(row.row))).toEqual(Array.from({ length: rows.length }, (_, index) => index + 1));
  }, 180_000);

  it('answers in worker threads with --workers, giving the same rows as in-process, and exits when done', async () => {
    const input = path.join(folder, 'workers.csv');
    await writeFile(
      input,
      [
        'id,question',
        ...Array.from({ length: 8 }, (_, index) => `${index + 1},${questions[index % questions.length]}`),
      ].join('\n'),
    );
    const inProcess = await startCli([input, '-o', path.join(folder, 'workers-0.csv'), '--workers', '0']).done;
    expect(inProcess.code).toBe(0);
    expect(inProcess.stderr).toContain('answering in this process');
    const pooled = await startCli([input, '-o', path.join(folder, 'workers-2.csv'), '--workers', '2']).done;
    expect(pooled.code).toBe(0);
    expect(pooled.stderr).toContain('answering in 2 worker threads');
    const withoutIds = (rows: Record<string, string>[]) =>
      rows.map(({ answer_id: _id, answer_url: _url, ...cells }) => cells);
    const pooledRows = await rowsOf(path.join(folder, 'workers-2.csv'));
    expect(pooledRows.map((row) => row.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(withoutIds(pooledRows)).toEqual(withoutIds(await rowsOf(path.join(folder, 'workers-0.csv'))));
    expect(pooledRows.every((row) => row.answer_id !== '')).toBe(true);
  }, 180_000);

  it('prints its options on --help and exits 0', async () => {
    const { code } = await startCli(['--help']).done;
    expect(code).toBe(0);
  });

  it('fills an XLSX questionnaire in place, and --resume answers only the rows without a status', async () => {
    const input = path.join(folder, 'questionnaire.xlsx');
    await writeQuestionnaireWorkbook(input);
    const first = await startCli([input, '--concurrency', '4'], { env: { PUBLIC_URL: 'https://diligence.example' } })
      .done;
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`XLSX, sheet "${questionsSheet}", header on row ${headerRow}`);
    expect(first.stderr).toContain('Answer links open https://diligence.example/answers/');
    // Off a terminal, progress is JSON lines counted in rows.
    const progress = first.stderr
      .split('\n')
      .filter((line) => line.startsWith('{"progress":"batch"'))
      .map((line) => JSON.parse(line) as { done: number; total: number });
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4 });
    const output = path.join(folder, 'questionnaire.answers.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    expectAnsweredInPlace(workbook, 'https://diligence.example');

    // Clear one row's answers as if the run had been killed before it, and resume.
    const sheet = workbook.getWorksheet(questionsSheet)!;
    const columns = headerColumns(sheet);
    const kept = sheet.getRow(headerRow + 1).getCell(columns.get('answer_id')!).value;
    for (const column of columns.values()) if (column >= 6) sheet.getRow(headerRow + 2).getCell(column).value = null;
    await workbook.xlsx.writeFile(output);
    const second = await startCli([input, '--resume']).done;
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/Done: 1 rows .*; 3 already answered \(resumed\)/);
    const resumed = new ExcelJS.Workbook();
    await resumed.xlsx.readFile(output);
    const again = resumed.getWorksheet(questionsSheet)!;
    expect(again.getRow(headerRow + 1).getCell(columns.get('answer_id')!).value).toBe(kept);
    expect(again.getRow(headerRow + 2).getCell(columns.get('status')!).value).toBe('answered');
  }, 120_000);

  it('reads semicolon, tab and Windows-1252 CSV files and names what it found', async () => {
    const semicolon = path.join(folder, 'semicolon.csv');
    await writeFile(semicolon, `Title of the questionnaire;;\nid;Question;Notes\n1;${questions[0]};a, b\n`);
    const tab = path.join(folder, 'tab.csv');
    await writeFile(tab, `id\tquestion\n1\t${questions[1]}\n`);
    const windows1252 = path.join(folder, 'windows-1252.csv');
    await writeFile(
      windows1252,
      Buffer.concat([
        Buffer.from(`id;question;note\r\n1;${questions[2]};`),
        Buffer.from([0x93, 0x80, 0x94, 0x0d, 0x0a]),
      ]),
    );
    for (const [file, found] of [
      [semicolon, 'CSV, utf-8, semicolon-delimited'],
      [tab, 'CSV, utf-8, tab-delimited'],
      [windows1252, 'CSV, windows-1252, semicolon-delimited'],
    ] as const) {
      const output = file.replace(/\.csv$/, '.out.csv');
      const run = await startCli([file, '-o', output]).done;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`Input: ${found}.`);
      const rows = await rowsOf(output);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('answered');
      if (file === windows1252) expect(rows[0]!.note).toBe('\u201c\u20ac\u201d');
    }
    const forced = await startCli([windows1252, '-o', path.join(folder, 'forced.csv'), '--encoding', 'utf-8']).done;
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/windows-1252\.csv is not UTF-8 text: byte 0x93 .* \(line 2\)/);
  }, 120_000);
});
