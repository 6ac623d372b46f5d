/**
 * Batch answering benchmark over the shipped corpus: rows per minute through the questionnaire pipeline for CSV and
 * XLSX files, with the local model at concurrency 1, 2 and 8 (beside a plain sequential loop over the same questions
 * in the same run) and with a remote model (a local OpenAI-compatible server that waits 300 ms before its first
 * token, serving many requests at once) at concurrency 1 and 8, whose ratio shows rows are answered in parallel;
 * and peak memory while 10k rows stream through (beside the peak for 1k rows: bounded memory keeps them close).
 *
 *   npm run bench -- batch [--rows 200] [--peer-rows 200] [--remote-rows 64] [--memory-rows 10000]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { answerRows, type BatchSummary } from '../src/batch/answer-rows.js';
import { openCsvOutput } from '../src/batch/csv-output.js';
import { isWorkbookSource, openQuestionnaireFile } from '../src/batch/open-questionnaire.js';
import { outputColumns } from '../src/batch/output-row.js';
import { xlsxOutput } from '../src/batch/xlsx-output.js';
import { createAssistant } from '../src/create-assistant.js';
import type { Assistant } from '../src/assistant.js';
import { loadGoldenSet } from '../evals/datasets/golden.js';
import { startFakeOpenAIServer } from '../tests/helpers/fake-openai-server.js';
import { benchConfig, megabytes, option, trackPeakMemory, type BenchRow, type BenchSuite } from './suite.js';

const fakeFirstTokenMs = 300;
type Format = 'csv' | 'xlsx';

async function writeQuestions(file: string, questions: string[], rows: number): Promise<void> {
  const table = Array.from({ length: rows }, (_, index) => [`q${index + 1}`, questions[index % questions.length]!]);
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Questions');
    sheet.addRow(['id', 'question']).font = { bold: true };
    sheet.addRows(table);
    sheet.getColumn(2).width = 80;
    await workbook.xlsx.writeFile(file);
    return;
  }
  const lines = ['id,question', ...table.map(([id, question]) => `${id},"${question!.replaceAll('"', '""')}"`)];
  await writeFile(file, lines.join('\n'));
}

/** One run as the CLI does it: read the file, answer, write the answers file (a CSV, or the workbook filled in). */
async function runBatch(assistant: Assistant, input: string, output: string, concurrency: number) {
  const source = await openQuestionnaireFile(input);
  const workbook = isWorkbookSource(source)
    ? xlsxOutput({ workbook: source.workbook, sheetName: source.sheetName, headerRow: source.headerRow }, output)
    : undefined;
  const csv = workbook ? undefined : await openCsvOutput(output);
  let previous = 0;
  let inOrder = true;
  const summary: BatchSummary = await answerRows({
    source,
    answer: (question, options) => assistant.ask(question, options),
    publicUrl: 'http://localhost',
    concurrency,
    onHeader: async (columns) => {
      if (workbook) workbook.writeHeader(columns);
      else await csv!.writeHeader(outputColumns(columns));
    },
    onRow: async (row) => {
      inOrder &&= row.row > previous;
      previous = row.row;
      if (workbook) await workbook.writeRow(row.row, row.cells);
      else await csv!.writeRow(row.cells);
    },
  });
  await (workbook ?? csv)!.close();
  if (!inOrder) throw new Error(`${input}: rows were written out of input order`);
  return summary;
}

const rate = (summary: BatchSummary) => Math.round((summary.rows / summary.durationMs) * 60_000);

export const suite: BenchSuite = {
  name: 'batch',
  description:
    'Questionnaire answering, CSV and XLSX: rows per minute, local model at concurrency 1/2/8 and a remote model (300 ms first token) at 1/8; peak memory on 10k rows',
  async run({ config, argv, log }) {
    const rowCount = Number(option(argv, '--rows') ?? 200);
    const peerRows = Number(option(argv, '--peer-rows') ?? rowCount);
    const remoteRows = Number(option(argv, '--remote-rows') ?? 64);
    const memoryRows = Number(option(argv, '--memory-rows') ?? 10_000);
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-batch-'));
    const fake = await startFakeOpenAIServer();
    fake.firstTokenDelayMs = fakeFirstTokenMs;
    const dataDirectory = path.join(workspace, 'data');
    const assistant = await createAssistant(
      benchConfig(config, { dataDirectory, corpusDirectory: config.corpusDir, extra: { ANSWER_MODEL: 'local' } }),
    );
    let remote: Assistant | undefined;
    const rows: BenchRow[] = [];
    try {
      log('batch: indexing the shipped corpus');
      await assistant.reindex();
      remote = await createAssistant(
        benchConfig(config, {
          dataDirectory,
          corpusDirectory: config.corpusDir,
          extra: { ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'bench' },
        }),
      );
      const questions = (await loadGoldenSet(path.resolve('evals/golden.jsonl'))).map((item) => item.question);
      // Warm caches (model, index) so the first measured run is not penalised.
      for (const question of questions.slice(0, 20)) await assistant.ask(question);

      log(`batch: sequential loop over ${peerRows} questions (peer)`);
      const loopStarted = performance.now();
      for (let index = 0; index < peerRows; index++) await assistant.ask(questions[index % questions.length]!);
      const loopRate = Math.round((peerRows / (performance.now() - loopStarted)) * 60_000);

      for (const format of ['csv', 'xlsx'] as Format[]) {
        const input = path.join(workspace, `questions.${format}`);
        await writeQuestions(input, questions, rowCount);
        const scenario = `${rowCount} rows, ${format.toUpperCase()}, local model, shipped corpus`;
        for (const concurrency of [1, 2, 8]) {
          log(`batch: ${format}, local model, concurrency ${concurrency}`);
          const summary = await runBatch(
            assistant,
            input,
            path.join(workspace, `answers-local-${concurrency}.${format}`),
            concurrency,
          );
          rows.push({
            scenario,
            metric: `rows per minute, concurrency ${concurrency}`,
            value: rate(summary),
            unit: 'rows/min',
            peer: { name: 'sequential loop', value: loopRate },
            target: concurrency === 8 ? { min: 1000 } : undefined,
          });
        }

        const remoteInput = path.join(workspace, `remote.${format}`);
        await writeQuestions(remoteInput, questions, remoteRows);
        const remoteScenario = `${remoteRows} rows, ${format.toUpperCase()}, remote model with a ${fakeFirstTokenMs} ms first token`;
        const rates: number[] = [];
        for (const concurrency of [1, 8]) {
          log(`batch: ${format}, remote model, concurrency ${concurrency}`);
          const summary = await runBatch(
            remote,
            remoteInput,
            path.join(workspace, `answers-remote-${concurrency}.${format}`),
            concurrency,
          );
          if (summary.answered + summary.insufficientEvidence + summary.outOfScope !== summary.rows) {
            throw new Error(`remote batch had ${summary.errors} error rows`);
          }
          rates.push(rate(summary));
          rows.push({
            scenario: remoteScenario,
            metric: `rows per minute, concurrency ${concurrency}`,
            value: rate(summary),
            unit: 'rows/min',
          });
        }
        rows.push({
          scenario: remoteScenario,
          metric: 'speed-up of concurrency 8 over concurrency 1',
          value: Math.round((rates[1]! / rates[0]!) * 10) / 10,
          unit: '×',
          target: { min: 6 },
        });
      }

      for (const size of [Math.round(memoryRows / 10), memoryRows]) {
        const file = path.join(workspace, `memory-${size}.csv`);
        await writeQuestions(file, questions, size);
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        const peak = trackPeakMemory();
        log(`batch: ${size} rows for peak memory`);
        const summary = await runBatch(assistant, file, path.join(workspace, `memory-${size}-answers.csv`), 8);
        const peakBytes = peak.stop();
        rows.push({
          scenario: `${size} rows, CSV, concurrency 8`,
          metric: 'peak RSS growth during the run',
          value: Math.round(megabytes(peakBytes - baseline)),
          unit: 'MB',
        });
        rows.push({
          scenario: `${size} rows, CSV, concurrency 8`,
          metric: 'rows per minute',
          value: rate(summary),
          unit: 'rows/min',
          target: { min: 1000 },
        });
      }
    } finally {
      await remote?.close();
      await assistant.close();
      await fake.close();
      await rm(workspace, { recursive: true, force: true });
    }
    return {
      rows,
      notes: [
        'Memory is bounded when the growth for 10k rows stays close to the growth for 1k rows.',
        'The remote model is a local OpenAI-compatible server; its 300 ms wait before the first token is asynchronous, so it serves many requests at once.',
      ],
    };
  },
};
