/**
 * `npm run batch -- questions.csv|questions.xlsx [options]`: answers every row of a questionnaire with the one answer
 * engine and writes the evidence beside each question: a CSV gets an answers CSV, a workbook gets its own copy with
 * the answer columns filled in place. Bad rows become error rows; only an unusable file stops the run (exit 1).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openAnswerPool, workersFor, type AnswerPool } from '../batch/answer-pool.js';
import { answerRows, type BatchSummary } from '../batch/answer-rows.js';
import { openCsvOutput, type CsvOutput } from '../batch/csv-output.js';
import { isWorkbookSource, openQuestionnaireFile } from '../batch/open-questionnaire.js';
import { answerColumnName, outputColumns } from '../batch/output-row.js';
import type { QuestionnaireSource, SourceOptions } from '../batch/questionnaire-source.js';
import { readResumeState } from '../batch/resume.js';
import { readWorkbookResumeState, xlsxOutput, type XlsxOutput } from '../batch/xlsx-output.js';
import type { WorkbookSource } from '../batch/xlsx-source.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { readArguments } from './arguments.js';
import { progressReporter } from './progress.js';
import { openReadyAssistant } from './ready-assistant.js';

const usage = `Usage: npm run batch -- questions.csv|questions.xlsx [options]

  -o, --output <file>     where answers go (default: <input>.answers.csv, or .answers.xlsx for a workbook)
  --concurrency <n>       rows answered at once, 1-64 (default 4)
  --workers <n>           worker threads that answer rows, 0-64 (default: BATCH_WORKERS, or one per core);
                          0 or 1 answers in this process; never more than --concurrency or the rows to answer
  --model <id>            local | openai:<model> (default: ANSWER_MODEL)
  --column <name>         the question column (default: question, questions, q or prompt, any case)
  --sheet <name|n>        workbook sheet (default: the first sheet with a question column)
  --delimiter <d>         CSV delimiter: comma, semicolon, tab or pipe (default: sniffed)
  --encoding <e>          CSV encoding: utf-8, utf-16le, utf-16be or windows-1252 (default: detected)
  --resume                answer only the rows the output does not have yet
  --excel                 CSV output with a byte-order mark and CRLF line ends (or --bom, --crlf)
  --quiet                 no progress
  -h, --help              this help`;

interface BatchFlags {
  input: string;
  output?: string;
  concurrency: number;
  /** Unset: the configured BATCH_WORKERS. */
  workers?: number;
  model?: string;
  resume: boolean;
  bom: boolean;
  crlf: boolean;
  quiet: boolean;
  source: SourceOptions;
}

export function parseBatchArguments(argv: string[]): BatchFlags | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      concurrency: { type: 'string', default: '4' },
      workers: { type: 'string' },
      model: { type: 'string' },
      column: { type: 'string' },
      sheet: { type: 'string' },
      delimiter: { type: 'string' },
      encoding: { type: 'string' },
      resume: { type: 'boolean', default: false },
      excel: { type: 'boolean', default: false },
      bom: { type: 'boolean', default: false },
      crlf: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const input = positionals[0];
  if (!input) throw new Error('Give the questionnaire file, e.g. npm run batch -- questions.xlsx');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new Error('--concurrency must be a whole number from 1 to 64.');
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    throw new Error('--workers must be a whole number from 0 to 64.');
  }
  return {
    input,
    output: values.output,
    concurrency,
    workers,
    model: values.model,
    resume: values.resume,
    bom: values.excel || values.bom,
    crlf: values.excel || values.crlf,
    quiet: values.quiet,
    source: { column: values.column, sheet: values.sheet, delimiter: values.delimiter, encoding: values.encoding },
  };
}

export async function run(config: Config, argv: string[]): Promise<number> {
  const flags = readArguments(() => parseBatchArguments(argv), usage);
  if (typeof flags === 'number') return flags;
  const inputPath = flags.input;
  const isFile = await stat(inputPath).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!isFile) {
    console.error(`${inputPath}: no such file (or not a regular file).`);
    return 1;
  }
  const log = (line: string) => {
    if (!flags.quiet) console.error(line);
  };

  let source: QuestionnaireSource | WorkbookSource;
  let total: number;
  try {
    source = await openQuestionnaireFile(inputPath, flags.source);
    // A first pass counts the rows, so progress and its ETA are in rows, not bytes read ahead of the answers.
    total = await countRows(await openQuestionnaireFile(inputPath, flags.source));
  } catch (error) {
    console.error(AppError.isInstance(error) ? error.message : `${inputPath}: ${(error as Error).message}`);
    return 1;
  }
  const workbook = isWorkbookSource(source);
  const outputPath =
    flags.output ??
    path.join(
      path.dirname(inputPath),
      `${path.basename(inputPath, path.extname(inputPath))}.answers.${workbook ? 'xlsx' : 'csv'}`,
    );
  const xlsxWanted = /\.xlsx$/i.test(outputPath);
  if (xlsxWanted && !isWorkbookSource(source)) {
    console.error(`${outputPath}: workbook output needs a workbook input; write CSV (-o answers.csv) instead.`);
    return 2;
  }

  let skipRows: Set<number> | undefined;
  let csvOutput: CsvOutput | undefined;
  let workbookOutput: XlsxOutput | undefined;
  let existingColumns: string[] | undefined;
  try {
    if (xlsxWanted && isWorkbookSource(source)) {
      const state = flags.resume
        ? await readFile(outputPath).then(
            (bytes) =>
              readWorkbookResumeState(
                bytes,
                outputPath,
                source.sheetName,
                (source as WorkbookSource).headerRow,
                answerColumnName('status', source.inputColumns),
              ),
            () => undefined,
          )
        : undefined;
      skipRows = state?.answeredRows;
      workbookOutput = xlsxOutput(
        {
          workbook: state?.workbook ?? source.workbook,
          sheetName: source.sheetName,
          headerRow: source.headerRow,
        },
        outputPath,
      );
    } else if (flags.resume) {
      const state = await readResumeState(outputPath);
      skipRows = state?.answeredRows;
      existingColumns = state?.columns;
    }
  } catch (error) {
    console.error(AppError.isInstance(error) ? error.message : `${outputPath}: ${(error as Error).message}`);
    return 1;
  }

  const assistant = await openReadyAssistant(config, log);
  const remainingRows = Math.max(0, total - (skipRows?.size ?? 0));
  const workers = workersFor(flags.workers ?? config.batchWorkers, flags.concurrency, remainingRows);
  let pool: AnswerPool | undefined;
  if (workers > 0) {
    try {
      pool = await openAnswerPool({ config, workers, log });
    } catch (error) {
      log(`Answer workers did not start (${AppError.from(error).message}); answering in this process.`);
    }
  }
  const answerer = pool ? pool.lane(flags.concurrency) : { answer: assistant.ask, readAhead: 0 };
  const closeAll = async () => {
    await pool?.close();
    await assistant.close();
  };
  const stop = new AbortController();
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    log('\nStopping: finishing the rows in flight and writing them (Ctrl-C again to quit at once).');
    stop.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const progress = flags.quiet ? undefined : progressReporter('Batch');
  log(
    `Reading ${inputPath}: ${source.description}; ${total} rows${skipRows?.size ? `, ${remainingRows} to answer` : ''}; ` +
      (pool ? `answering in ${pool.workers} worker threads.` : 'answering in this process.'),
  );
  let summary: BatchSummary;
  try {
    summary = await answerRows({
      source,
      answer: (question, options) => answerer.answer(question, { ...options, model: flags.model }),
      publicUrl: config.publicUrl,
      concurrency: flags.concurrency,
      readAhead: answerer.readAhead,
      skipRows,
      signal: stop.signal,
      onHeader: async (inputColumns) => {
        if (workbookOutput) {
          workbookOutput.writeHeader(inputColumns);
          return;
        }
        csvOutput = await openCsvOutput(outputPath, {
          append: Boolean(existingColumns),
          existingColumns,
          byteOrderMark: flags.bom,
          crlf: flags.crlf,
        });
        await csvOutput.writeHeader(outputColumns(inputColumns));
      },
      onRow: (row) => (workbookOutput ? workbookOutput.writeRow(row.row, row.cells) : csvOutput!.writeRow(row.cells)),
      onProgress: ({ rowsDone }) => progress?.update({ done: rowsDone, total }),
    });
  } catch (error) {
    progress?.stop();
    await csvOutput?.close();
    await workbookOutput?.close();
    console.error(AppError.isInstance(error) ? error.message : `${inputPath}: ${(error as Error).message}`);
    await closeAll();
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  progress?.stop();
  await csvOutput?.close();
  await workbookOutput?.close();
  await closeAll();
  console.error(
    `${summary.stopped ? 'Stopped' : 'Done'}: ${summary.rows} rows in ${(summary.durationMs / 1000).toFixed(1)} s ` +
      `(${summary.rowsPerMinute} rows/min): ${summary.answered} answered, ${summary.insufficientEvidence} insufficient evidence, ` +
      `${summary.outOfScope} out of scope, ${summary.errors} errors; ${summary.needsReview} need review` +
      (summary.resumed ? `; ${summary.resumed} already answered (resumed)` : '') +
      `. Input: ${summary.input}. Output: ${outputPath}`,
  );
  console.error(
    `Answer links open ${config.publicUrl}/answers/<id> (set PUBLIC_URL to the address your readers can reach).`,
  );
  return summary.stopped ? 130 : 0;
}

async function countRows(source: QuestionnaireSource): Promise<number> {
  let rows = 0;
  for await (const _row of source.rows) rows++;
  return rows;
}
