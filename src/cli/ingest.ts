/**
 * `npm run ingest`: brings the index up to date with the corpus folder (incremental: unchanged documents are copied,
 * changed ones re-embedded, removed ones dropped). A progress bar on a terminal, one-line JSON progress otherwise,
 * then a summary. Exit code 0 when the index was built (files that could not be read are listed), 1 on failure, or
 * with `--strict` also when any file failed.
 */
import { readArguments } from './arguments.js';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openCorpusIndex, type IngestProgressEvent } from '../index/corpus-index.js';
import { createEmbeddingModel } from '../index/embedding/index.js';
import { printIngestSummary, progressReporter } from './progress.js';

const usage = `Usage: npm run ingest [-- --strict] [--json]

  --strict   exit with code 1 when any corpus file could not be read
  --json     print the summary as JSON on stdout`;

export async function run(config: Config, argv: string[]): Promise<number> {
  const flags = readArguments(() => {
    const { values } = parseArgs({
      args: argv,
      options: { strict: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    return values.help ? 'help' : values;
  }, usage);
  if (typeof flags === 'number') return flags;

  const stderr = process.stderr;
  const say = (message: string, phase: string) =>
    stderr.write(stderr.isTTY ? `${message}\n` : `${JSON.stringify({ progress: 'indexing', phase })}\n`);

  let index: Awaited<ReturnType<typeof openCorpusIndex>> | undefined;
  const reporter = progressReporter('Indexing', stderr);
  try {
    index = await openCorpusIndex({ config, embeddingModel: createEmbeddingModel(config) });
    say(`Reading ${config.corpusDir} into ${config.lancedbUri} ...`, 'reading');
    const summary = await index.reindex({
      onProgress: (event: IngestProgressEvent) => {
        if (event.phase === 'embedding') reporter.update(event);
        if (event.phase === 'indexing') {
          reporter.stop();
          say('Building the full-text and vector indexes ...', 'indexing');
        }
      },
    });
    reporter.stop();
    if (flags.json) console.log(JSON.stringify(summary, null, 2));
    else printIngestSummary(summary);
    return flags.strict && summary.failed.length > 0 ? 1 : 0;
  } catch (error) {
    reporter.stop();
    const appError = AppError.from(error);
    console.error(`Ingest failed (${appError.code}): ${appError.message}`);
    if (appError.code === 'internal' && appError.cause instanceof Error && appError.cause.stack) {
      console.error(appError.cause.stack);
    }
    console.error('The previous index, if any, is still being served.');
    return 1;
  } finally {
    await index?.close();
  }
}
