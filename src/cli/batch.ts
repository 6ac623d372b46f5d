/**
 * `npm run batch -- questions.csv [-o answers.csv] [--concurrency N] [--model ID] [--column NAME] [--resume]
 * [--excel | --bom --crlf]`: answers every row of a questionnaire with the one answer engine and writes the evidence
 * beside each question. Bad rows become error rows; only an unusable file stops the run with a non-zero exit.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answerRows, type BatchSummary } from '../batch/answer-rows.js';
import { openCsvOutput, type CsvOutput } from '../batch/csv-output.js';
import { outputColumns } from '../batch/output-row.js';
import { readResumeState } from '../batch/resume.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openReadyAssistant } from './ready-assistant.js';

const usage =
  'Usage: npm run batch -- questions.csv [-o answers.csv] [--concurrency N] [--model ID] [--column NAME] [--resume] [--excel | --bom --crlf]';

export async function run(config: Config, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        concurrency: { type: 'string', default: '4' },
        model: { type: 'string' },
        column: { type: 'string' },
        resume: { type: 'boolean', default: false },
        excel: { type: 'boolean', default: false },
        bom: { type: 'boolean', default: false },
        crlf: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const inputPath = parsed.positionals[0];
  const concurrency = Number(parsed.values.concurrency);
  if (!inputPath || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error(inputPath ? '--concurrency must be a whole number from 1 to 64.' : usage);
    return 2;
  }
  const inputSize = await stat(inputPath).then(
    (stats) => (stats.isFile() ? stats.size : undefined),
    () => undefined,
  );
  if (inputSize === undefined) {
    console.error(`${inputPath}: no such file (or not a regular file).`);
    return 1;
  }
  const outputPath =
    parsed.values.output ??
    path.join(path.dirname(inputPath), `${path.basename(inputPath, path.extname(inputPath))}.answers.csv`);

  let resume;
  try {
    resume = parsed.values.resume ? await readResumeState(outputPath) : undefined;
  } catch (error) {
    console.error(AppError.isInstance(error) ? error.message : `${outputPath}: ${(error as Error).message}`);
    return 1;
  }

  const log = (line: string) => {
    if (!parsed.values.quiet) console.error(line);
  };
  const assistant = await openReadyAssistant(config, log);

  const stop = new AbortController();
  const onInterrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    log('\nStopping: finishing the rows in flight and writing them (Ctrl-C again to quit at once).');
    stop.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const excel = parsed.values.excel;
  let output: CsvOutput | undefined;
  const progress = batchProgress(inputSize, Boolean(parsed.values.quiet));
  let summary: BatchSummary;
  try {
    summary = await answerRows({
      source: createReadStream(inputPath),
      sourceName: inputPath,
      answer: (question, options) => assistant.ask(question, { ...options, model: parsed.values.model }),
      publicUrl: config.publicUrl,
      concurrency,
      column: parsed.values.column,
      skipRows: resume?.answeredRows,
      signal: stop.signal,
      onHeader: async (inputColumns) => {
        output = await openCsvOutput(outputPath, {
          append: Boolean(resume),
          existingColumns: resume?.columns,
          byteOrderMark: excel || parsed.values.bom,
          crlf: excel || parsed.values.crlf,
        });
        await output.writeHeader(outputColumns(inputColumns));
      },
      onRow: (row) => output!.writeRow(row.cells),
      onProgress: progress.update,
    });
  } catch (error) {
    progress.stop();
    await output?.close();
    console.error(AppError.isInstance(error) ? error.message : `${inputPath}: ${(error as Error).message}`);
    await assistant.close();
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  progress.stop();
  await output?.close();
  await assistant.close();
  const line =
    `${summary.stopped ? 'Stopped' : 'Done'}: ${summary.rows} rows in ${(summary.durationMs / 1000).toFixed(1)} s ` +
    `(${summary.rowsPerMinute} rows/min): ${summary.answered} answered, ${summary.insufficientEvidence} insufficient evidence, ` +
    `${summary.outOfScope} out of scope, ${summary.errors} errors` +
    (summary.resumed ? `, ${summary.resumed} already answered (resumed)` : '') +
    `. Output: ${outputPath}`;
  console.error(line);
  return summary.stopped ? 130 : 0;
}

/** A bar with ETA on a terminal; one JSON line every few seconds otherwise. */
function batchProgress(totalBytes: number, quiet: boolean) {
  const startedAt = Date.now();
  let lastPrinted = 0;
  const tty = process.stderr.isTTY && !quiet;
  return {
    update: ({ rowsDone, bytesRead }: { rowsDone: number; bytesRead: number }) => {
      if (quiet) return;
      const now = Date.now();
      if (now - lastPrinted < (tty ? 200 : 5_000)) return;
      lastPrinted = now;
      const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
      const elapsed = (now - startedAt) / 1000;
      const eta = fraction > 0 ? Math.max(0, Math.round(elapsed / fraction - elapsed)) : undefined;
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(
          `\r${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round(fraction * 100)}% | ${rowsDone} rows | ETA ${eta ?? '?'} s   `,
        );
      } else {
        process.stderr.write(
          JSON.stringify({
            progress: 'batch',
            rows: rowsDone,
            percent: Math.round(fraction * 100),
            elapsedSeconds: Math.round(elapsed),
            etaSeconds: eta,
          }) + '\n',
        );
      }
    },
    stop: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}
