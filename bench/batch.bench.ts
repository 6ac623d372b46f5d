/**
 * Batch answering benchmark over the shipped corpus: rows per minute through the questionnaire pipeline for CSV and
 * XLSX files, answered in this thread and in a pool of worker threads (one per core unless `--workers n`):
 * - the local model at concurrency 1, 2 and 8, in-process and through the pool, beside a plain sequential loop over
 *   the same questions in the same run; the pool at 2 and 8 against concurrency 1 in-process shows the CPU work
 *   spread over the cores (close to the number of workers on an idle machine), beside what plain loops of the
 *   assistant on as many threads get over one loop in the same round (what the machine gives threads of this work
 *   just then, without the pool);
 * - a remote model (a local OpenAI-compatible server that waits 300 ms before its first token, serving many requests
 *   at once): concurrency 1 in-process (what `--concurrency 1` runs) against concurrency 8 in-process and through the
 *   pool, whose ratio shows rows answered in parallel;
 * - whether every run wrote its rows in input order, the memory the pool's workers hold, the peak resident memory of
 *   the whole process (main thread and workers) over each format's runs, and while 1k and 10k rows stream through
 *   the pool (bounded memory keeps the two close).
 *
 *   npm run bench -- batch [--rows 200] [--peer-rows 200] [--remote-rows 64] [--memory-rows 10000] [--workers n]
 *     [--rounds 1]
 *
 * With `--rounds n` the local runs are repeated n times, interleaved (every configuration once per round), and each
 * figure is the median with its range; a speed-up is the median of the ratios within a round. One round of a few
 * hundred rows moves by 10–20% between runs on a shared machine, mostly in the concurrency-1 rate the speed-ups
 * divide by.
 *
 * The figures for 1,000-row questionnaires (about 25 minutes on two cores, most of it the remote model one row at a
 * time): `npm run bench -- batch --rows 1000 --remote-rows 1000 --memory-rows 10000`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openAnswerPool, type AnswerPool } from '../src/batch/answer-pool.js';
import { answerRows, type AnswerRowsOptions, type BatchSummary } from '../src/batch/answer-rows.js';
import { openCsvOutput } from '../src/batch/csv-output.js';
import { isWorkbookSource, openQuestionnaireFile } from '../src/batch/open-questionnaire.js';
import { outputColumns } from '../src/batch/output-row.js';
import { xlsxOutput } from '../src/batch/xlsx-output.js';
import { createAssistant } from '../src/create-assistant.js';
import type { Assistant } from '../src/assistant.js';
import type { Config } from '../src/config.js';
import { loadGoldenSet } from '../evals/datasets/golden.js';
import { openPlainLoops } from './plain-loops.js';
import { startFakeOpenAIServer } from '../tests/helpers/fake-openai-server.js';
import {
  benchConfig,
  megabytes,
  option,
  percentile,
  trackPeakMemory,
  type BenchRow,
  type BenchSuite,
} from './suite.js';

const fakeFirstTokenMs = 300;
type Format = 'csv' | 'xlsx';
type Answer = AnswerRowsOptions['answer'];
/** How a run of the given concurrency answers: in this thread, or through a lane of the pool's workers. */
type Answerer = (concurrency: number) => { answer: Answer; readAhead: number };

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
async function runBatch(answerer: Answerer, input: string, output: string, concurrency: number) {
  const { answer, readAhead } = answerer(concurrency);
  const source = await openQuestionnaireFile(input);
  const workbook = isWorkbookSource(source)
    ? xlsxOutput({ workbook: source.workbook, sheetName: source.sheetName, headerRow: source.headerRow }, output)
    : undefined;
  const csv = workbook ? undefined : await openCsvOutput(output);
  let previous = 0;
  let inOrder = true;
  const summary: BatchSummary = await answerRows({
    source,
    answer,
    publicUrl: 'http://localhost',
    concurrency,
    readAhead,
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
  return { ...summary, inOrder };
}

const rate = (summary: BatchSummary) => Math.round((summary.rows / summary.durationMs) * 60_000);

/** An answer function for a run: the assistant in this thread, or the pool's workers. */
const inProcess =
  (assistant: Assistant): Answerer =>
  () => ({ answer: (question, options) => assistant.ask(question, options), readAhead: 0 });
const pooled =
  (pool: AnswerPool): Answerer =>
  (concurrency) =>
    pool.lane(concurrency);

/** Answers the first questions at the given concurrency, so caches and compiled code are warm in every thread. */
async function warm(answerer: Answerer, questions: string[], concurrency: number): Promise<void> {
  const { answer } = answerer(concurrency);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < questions.length) await answer(questions[next++]!, {});
    }),
  );
}

export const suite: BenchSuite = {
  name: 'batch',
  description:
    'Questionnaire answering, CSV and XLSX, in-process and in worker threads: rows per minute for the local model at concurrency 1/2/8 and a remote model (300 ms first token) at 1/8, input order, peak memory of the process on 1k and 10k rows',
  async run({ config, argv, log }) {
    const rowCount = Number(option(argv, '--rows') ?? 200);
    const peerRows = Number(option(argv, '--peer-rows') ?? rowCount);
    const remoteRows = Number(option(argv, '--remote-rows') ?? 64);
    const memoryRows = Number(option(argv, '--memory-rows') ?? 10_000);
    const rounds = Math.max(1, Number(option(argv, '--rounds') ?? 1));
    const workers = Math.max(2, Number(option(argv, '--workers') ?? config.batchWorkers));
    const loadBefore = os.loadavg();
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-batch-'));
    const fake = await startFakeOpenAIServer();
    fake.firstTokenDelayMs = fakeFirstTokenMs;
    const dataDirectory = path.join(workspace, 'data');
    const localConfig = benchConfig(config, {
      dataDirectory,
      corpusDirectory: config.corpusDir,
      extra: { ANSWER_MODEL: 'local' },
    });
    const remoteConfig: Config = benchConfig(config, {
      dataDirectory,
      corpusDirectory: config.corpusDir,
      extra: { ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'bench' },
    });
    const assistant = await createAssistant(localConfig);
    let remote: Assistant | undefined;
    let localPool: AnswerPool | undefined;
    let remotePool: AnswerPool | undefined;
    const rows: BenchRow[] = [];
    const outOfOrder: string[] = [];
    let runs = 0;
    const measure = async (answer: Answerer, input: string, output: string, concurrency: number) => {
      const cpuBefore = process.cpuUsage();
      const peak = trackPeakMemory();
      const summary = await runBatch(answer, input, output, concurrency);
      const peakBytes = peak.stop();
      const cpu = process.cpuUsage(cpuBefore);
      runs++;
      if (!summary.inOrder) outOfOrder.push(path.basename(output));
      // CPU time of every thread of the process (the workers' too) over the run's wall time.
      const coresUsed = Math.round(((cpu.user + cpu.system) / 1000 / summary.durationMs) * 100) / 100;
      return { ...summary, coresUsed, peakBytes };
    };
    /** The highest resident memory of the process over a scenario's runs (main thread, workers, native buffers). */
    const peakRow = (scenario: string, peaks: number[]): BenchRow => ({
      scenario,
      metric: 'peak resident memory of the process over these runs',
      value: Math.round(megabytes(Math.max(...peaks))),
      unit: 'MB',
    });
    try {
      log('batch: indexing the shipped corpus');
      await assistant.reindex();
      remote = await createAssistant(remoteConfig);
      const questions = (await loadGoldenSet(path.resolve('evals/golden.jsonl'))).map((item) => item.question);

      // Warm caches and compiled code (model, index) in every thread, so the first measured run is not penalised: each
      // worker compiles its own code, so each answers as many warm-up questions as the main thread does.
      const warmQuestions = questions.slice(0, 20);
      const perWorker = (count: number) =>
        Array.from({ length: count * workers }, (_, index) => questions[index % questions.length]!);
      await warm(inProcess(assistant), warmQuestions, 1);
      await warm(inProcess(remote), warmQuestions, 8);
      global.gc?.();
      const beforePool = process.memoryUsage().rss;
      log(`batch: starting ${workers} answer workers for the local model`);
      const poolStarted = performance.now();
      localPool = await openAnswerPool({ config: localConfig, workers });
      const poolStartMs = performance.now() - poolStarted;
      await warm(pooled(localPool), perWorker(20), workers);
      global.gc?.();
      rows.push(
        {
          scenario: `${workers} answer workers`,
          metric: 'time to start the pool',
          value: Math.round(poolStartMs),
          unit: 'ms',
        },
        {
          scenario: `${workers} answer workers`,
          metric: 'resident memory the workers hold, warm',
          value: Math.round(megabytes(process.memoryUsage().rss - beforePool)),
          unit: 'MB',
        },
      );

      log(`batch: sequential loop over ${peerRows} questions (peer)`);
      const loopStarted = performance.now();
      for (let index = 0; index < peerRows; index++) await assistant.ask(questions[index % questions.length]!);
      const loopRate = Math.round((peerRows / (performance.now() - loopStarted)) * 60_000);

      /**
       * The threads peer: plain loops of the assistant, a row at a time on each thread, measured in every round beside
       * the runs it is compared with; its threads start and close around it, so their memory is not in the runs' peaks.
       */
      const loopQuestions = Array.from({ length: rowCount }, (_, index) => questions[index % questions.length]!);
      const plainThreadsSpeedUp = async () => {
        log(`batch: plain loops over ${rowCount} questions on 1 and ${workers} threads (peer)`);
        const loops = await openPlainLoops(localConfig, workers, warmQuestions);
        try {
          const one = await loops.rate(loopQuestions, 1);
          return ratio(await loops.rate(loopQuestions, workers), one);
        } finally {
          await loops.close();
          global.gc?.();
        }
      };

      for (const format of ['csv', 'xlsx'] as Format[]) {
        const input = path.join(workspace, `questions.${format}`);
        await writeQuestions(input, questions, rowCount);
        const scenario = `${rowCount} rows, ${format.toUpperCase()}, local model, shipped corpus`;
        /** Each configuration's rate and cores in every round; rounds interleave, so load on the machine hits all. */
        const localRates = new Map<string, number[]>();
        const localCores = new Map<string, number[]>();
        const localPeaks: number[] = [];
        const configurations = [1, 2, 8].flatMap((concurrency) =>
          (
            [
              ['in-process', inProcess(assistant)],
              [`${workers} workers`, pooled(localPool!)],
            ] as const
          ).map(([where, answer]) => ({ concurrency, where, answer })),
        );
        const threadsSpeedUps: number[] = [];
        for (let round = 1; round <= rounds; round++) {
          threadsSpeedUps.push(await plainThreadsSpeedUp());
          for (const { concurrency, where, answer } of configurations) {
            log(
              `batch: ${format}, local model, concurrency ${concurrency}, ${where}${rounds > 1 ? `, round ${round}` : ''}`,
            );
            const summary = await measure(
              answer,
              input,
              path.join(workspace, `answers-local-${concurrency}-${where.replace(/\W+/g, '-')}.${format}`),
              concurrency,
            );
            const key = `${where} ${concurrency}`;
            localRates.set(key, [...(localRates.get(key) ?? []), rate(summary)]);
            localCores.set(key, [...(localCores.get(key) ?? []), summary.coresUsed]);
            localPeaks.push(summary.peakBytes);
          }
        }
        for (const { concurrency, where } of configurations) {
          const rates = localRates.get(`${where} ${concurrency}`)!;
          const cores = localCores.get(`${where} ${concurrency}`)!;
          rows.push(
            {
              scenario,
              metric: `rows per minute, concurrency ${concurrency}, ${where}${spread(rates)}`,
              value: median(rates),
              unit: 'rows/min',
              peer: { name: 'sequential loop', value: loopRate },
              target: concurrency === 8 ? { min: 1000 } : undefined,
            },
            {
              scenario,
              metric: `cores used, concurrency ${concurrency}, ${where}${spread(cores)}`,
              value: median(cores),
              unit: 'cores',
            },
          );
        }
        const threadsSpeedUp = median(threadsSpeedUps);
        rows.push({
          scenario,
          metric: `speed-up of ${workers} plain loops of the assistant on ${workers} threads over one${spread(threadsSpeedUps)}`,
          value: threadsSpeedUp,
          unit: '×',
        });
        /** The ratio of two configurations within each round (paired), its median over the rounds. */
        const speedUp = (subject: string, base: string) => {
          const ratios = localRates.get(subject)!.map((value, round) => ratio(value, localRates.get(base)![round]!));
          return { value: median(ratios), spread: spread(ratios) };
        };
        for (const concurrency of [2, 8]) {
          const overSerial = speedUp(`${workers} workers ${concurrency}`, 'in-process 1');
          const overInProcess = speedUp(`${workers} workers ${concurrency}`, `in-process ${concurrency}`);
          rows.push(
            {
              scenario,
              metric: `speed-up of concurrency ${concurrency} with ${workers} workers over concurrency 1 in-process${overSerial.spread}`,
              value: overSerial.value,
              unit: '×',
              // Close to twice on two idle cores; a machine busy with other work has no second core to give, which
              // plain loops of the assistant on as many threads, in the same rounds, show. The pool must do no worse.
              peer: { name: `${workers} plain loops on ${workers} threads over one`, value: threadsSpeedUp },
              target: { min: 0.85 * Math.min(workers, os.availableParallelism()), minRatio: 1 },
            },
            {
              scenario,
              // In-process rows overlap one row's JavaScript with another's native index queries, so this is lower.
              metric: `speed-up of ${workers} workers over in-process, concurrency ${concurrency}${overInProcess.spread}`,
              value: overInProcess.value,
              unit: '×',
            },
          );
        }
        rows.push(peakRow(scenario, localPeaks));
      }

      for (const size of [Math.round(memoryRows / 10), memoryRows]) {
        const file = path.join(workspace, `memory-${size}.csv`);
        await writeQuestions(file, questions, size);
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        log(`batch: ${size} rows through ${workers} workers at concurrency 8, for peak memory`);
        const summary = await measure(pooled(localPool), file, path.join(workspace, `memory-${size}-answers.csv`), 8);
        const { peakBytes } = summary;
        const memoryScenario = `${size} rows, CSV, concurrency 8, ${workers} workers`;
        rows.push(
          {
            scenario: memoryScenario,
            metric: 'peak resident memory of the process (main thread and workers)',
            value: Math.round(megabytes(peakBytes)),
            unit: 'MB',
          },
          {
            scenario: memoryScenario,
            metric: 'peak resident memory growth during the run',
            value: Math.round(megabytes(peakBytes - baseline)),
            unit: 'MB',
          },
          {
            scenario: memoryScenario,
            metric: 'rows per minute',
            value: rate(summary),
            unit: 'rows/min',
            target: { min: 1000 },
          },
        );
      }
      // One pool at a time, as in a CLI run: the local model's workers close before the remote model's start.
      await localPool.close();
      localPool = undefined;
      log(`batch: starting ${workers} answer workers for the remote model`);
      remotePool = await openAnswerPool({ config: remoteConfig, workers });
      await warm(pooled(remotePool), perWorker(20), 8);
      for (const format of ['csv', 'xlsx'] as Format[]) {
        const remoteInput = path.join(workspace, `remote.${format}`);
        await writeQuestions(remoteInput, questions, remoteRows);
        const remoteScenario = `${remoteRows} rows, ${format.toUpperCase()}, remote model with a ${fakeFirstTokenMs} ms first token`;
        const remoteRates = new Map<string, number>();
        const remotePeaks: number[] = [];
        for (const [label, answer, concurrency] of [
          ['concurrency 1, in-process', inProcess(remote), 1],
          ['concurrency 8, in-process', inProcess(remote), 8],
          [`concurrency 8, ${workers} workers`, pooled(remotePool), 8],
        ] as const) {
          log(`batch: ${format}, remote model, ${label}`);
          const summary = await measure(
            answer,
            remoteInput,
            path.join(workspace, `answers-remote-${label.replace(/\W+/g, '-')}.${format}`),
            concurrency,
          );
          if (summary.answered + summary.insufficientEvidence + summary.outOfScope !== summary.rows) {
            throw new Error(`remote batch had ${summary.errors} error rows`);
          }
          remoteRates.set(label, rate(summary));
          remotePeaks.push(summary.peakBytes);
          rows.push(
            { scenario: remoteScenario, metric: `rows per minute, ${label}`, value: rate(summary), unit: 'rows/min' },
            { scenario: remoteScenario, metric: `cores used, ${label}`, value: summary.coresUsed, unit: 'cores' },
          );
        }
        const single = remoteRates.get('concurrency 1, in-process')!;
        rows.push(
          {
            scenario: remoteScenario,
            metric: 'speed-up of concurrency 8 in-process over concurrency 1',
            value: ratio(remoteRates.get('concurrency 8, in-process')!, single),
            unit: '×',
          },
          {
            scenario: remoteScenario,
            metric: `speed-up of concurrency 8 with ${workers} workers over concurrency 1`,
            value: ratio(remoteRates.get(`concurrency 8, ${workers} workers`)!, single),
            unit: '×',
            target: { min: 6 },
          },
          peakRow(remoteScenario, remotePeaks),
        );
      }

      rows.push({
        scenario: `all ${runs} runs`,
        metric: 'runs that wrote every row in input order',
        value: runs - outOfOrder.length,
        unit: `of ${runs}`,
        target: { min: runs },
      });
    } finally {
      await localPool?.close();
      await remotePool?.close();
      await remote?.close();
      await assistant.close();
      await fake.close();
      await rm(workspace, { recursive: true, force: true });
    }
    return {
      rows,
      notes: [
        `Load average (1, 5, 15 min) ${formatLoad(loadBefore)} before the suite and ${formatLoad(os.loadavg())} after, on ${os.availableParallelism()} cores: the workers' speed-up needs idle cores, and "cores used" (CPU time of the whole process over wall time) shows how much of the machine a run got.`,
        'Memory is the whole process: worker threads share its resident set. It is bounded when the growth for 10k rows stays close to the growth for 1k rows.',
        'The remote model is a local OpenAI-compatible server; its 300 ms wait before the first token is asynchronous, so it serves many requests at once.',
        ...(outOfOrder.length ? [`Rows out of input order in: ${outOfOrder.join(', ')}`] : []),
      ],
    };
  },
};

const formatLoad = (load: number[]) => load.map((value) => value.toFixed(1)).join(', ');

function ratio(value: number, base: number): number {
  return base > 0 ? Math.round((value / base) * 100) / 100 : 0;
}

const median = (values: number[]) => percentile(values, 0.5);

/** How a figure over several rounds is labelled: the rounds and their range. */
const spread = (values: number[]) =>
  values.length > 1 ? ` (median of ${values.length} rounds, ${Math.min(...values)}–${Math.max(...values)})` : '';
