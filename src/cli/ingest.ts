/**
 * `npm run ingest`: brings the index up to date with the corpus folder (incremental: unchanged documents are copied,
 * changed ones re-embedded, removed ones dropped). A progress bar on a terminal, one-line JSON progress otherwise,
 * then a summary. Exit code 0 when the index was built from every file; 1 when it failed, or when a corpus file could
 * not be read (the index is still built from the rest and serves) unless `--allow-failures` says that is expected.
 */
import { readArguments } from './arguments.js';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openCorpusIndex, type IngestProgressEvent } from '../index/corpus-index.js';
import { createEmbeddingModel } from '../index/embedding/index.js';
import { printIngestSummary, progressReporter } from './progress.js';

const usage = `Usage: npm run ingest [-- --allow-failures] [--json]

  --allow-failures   exit with code 0 even when some corpus files could not be read (they are listed)
  --json             print the summary as JSON on stdout
  -h, --help         this help`;

export async function run(config: Config, argv: string[]): Promise<number> {
  const flags = readArguments(() => {
    const { values } = parseArgs({
      args: argv,
      options: {
        'allow-failures': { type: 'boolean' },
        // Accepted for old scripts: failing on unreadable files is now the default.
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
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
    if (summary.failed.length > 0 && !flags['allow-failures']) {
      console.error(
        `${summary.failed.length} corpus file(s) could not be read; the index was built from the rest. Fix them, or pass --allow-failures.`,
      );
      return 1;
    }
    return 0;
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
