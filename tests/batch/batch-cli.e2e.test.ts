import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'batch', ...args], {
    env: { ...process.env, ...context.settings, LOG_LEVEL: 'silent', ...options.env },
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
      /Done: 3 rows in [\d.]+ s \(\d+ rows\/min\): 2 answered, 0 insufficient evidence, \d out of scope, \d errors\. Output: /,
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
});
