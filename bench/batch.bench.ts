/**
 * Batch answering benchmark: questions per minute through the CSV pipeline at concurrency 1 and 8 with the local
 * model over the shipped corpus, beside a plain sequential loop over the same questions in the same run, and peak
 * memory while 10k rows stream through (beside the peak for 1k rows: bounded memory means the two stay close).
 *
 *   npm run bench -- batch [--rows 200] [--memory-rows 10000]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { answerRows } from '../src/batch/answer-rows.js';
import { openCsvOutput } from '../src/batch/csv-output.js';
import { openQuestionnaireFile } from '../src/batch/open-questionnaire.js';
import { createAssistant } from '../src/create-assistant.js';
import type { Assistant } from '../src/assistant.js';
import { loadGoldenSet } from '../evals/datasets/golden.js';
import { benchConfig, megabytes, option, trackPeakMemory, type BenchRow, type BenchSuite } from './suite.js';

async function writeQuestions(file: string, questions: string[], rows: number): Promise<void> {
  const lines = ['id,question'];
  for (let index = 0; index < rows; index++) {
    const question = questions[index % questions.length]!.replaceAll('"', '""');
    lines.push(`q${index + 1},"${question}"`);
  }
  await writeFile(file, lines.join('\n'));
}

async function runBatch(assistant: Assistant, input: string, output: string, concurrency: number) {
  const csv = await openCsvOutput(output);
  const summary = await answerRows({
    source: await openQuestionnaireFile(input),
    answer: (question, options) => assistant.ask(question, options),
    publicUrl: 'http://localhost',
    concurrency,
    onHeader: (columns) => csv.writeHeader([...columns, 'row', 'status', 'answer']),
    onRow: (row) => csv.writeRow(row.cells),
  });
  await csv.close();
  return summary;
}

export const suite: BenchSuite = {
  name: 'batch',
  description: 'CSV questionnaire answering: rows per minute at concurrency 1 and 8, and peak memory on 10k rows',
  async run({ config, argv, log }) {
    const rowCount = Number(option(argv, '--rows') ?? 200);
    const memoryRows = Number(option(argv, '--memory-rows') ?? 10_000);
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-batch-'));
    const assistant = await createAssistant(
      benchConfig(config, { dataDirectory: path.join(workspace, 'data'), corpusDirectory: config.corpusDir }),
    );
    const rows: BenchRow[] = [];
    try {
      log('batch: indexing the shipped corpus');
      await assistant.reindex();
      const questions = (await loadGoldenSet(path.resolve('evals/golden.jsonl'))).map((item) => item.question);
      const input = path.join(workspace, 'questions.csv');
      await writeQuestions(input, questions, rowCount);
      // Warm caches (model, index) so the first measured run is not penalised.
      for (const question of questions.slice(0, 20)) await assistant.ask(question);

      log(`batch: sequential loop over ${rowCount} questions (peer)`);
      const loopStarted = performance.now();
      for (let index = 0; index < rowCount; index++) await assistant.ask(questions[index % questions.length]!);
      const loopRate = (rowCount / (performance.now() - loopStarted)) * 60_000;

      const scenario = `${rowCount} rows, local model, shipped corpus`;
      for (const concurrency of [1, 8]) {
        log(`batch: pipeline at concurrency ${concurrency}`);
        const summary = await runBatch(
          assistant,
          input,
          path.join(workspace, `answers-${concurrency}.csv`),
          concurrency,
        );
        const rate = (summary.rows / summary.durationMs) * 60_000;
        rows.push({
          scenario,
          metric: `rows per minute, concurrency ${concurrency}`,
          value: Math.round(rate),
          unit: 'rows/min',
          peer: { name: 'sequential loop', value: Math.round(loopRate) },
          target: concurrency === 8 ? { min: 1000 } : undefined,
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
          scenario: `${size} rows, concurrency 8`,
          metric: 'peak RSS growth during the run',
          value: Math.round(megabytes(peakBytes - baseline)),
          unit: 'MB',
        });
        rows.push({
          scenario: `${size} rows, concurrency 8`,
          metric: 'rows per minute',
          value: Math.round((summary.rows / summary.durationMs) * 60_000),
          unit: 'rows/min',
          target: { min: 1000 },
        });
      }
    } finally {
      await assistant.close();
      await rm(workspace, { recursive: true, force: true });
    }
    return {
      rows,
      notes: ['Memory is bounded when the growth for 10k rows stays close to the growth for 1k rows.'],
    };
  },
};
