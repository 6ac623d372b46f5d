/**
 * Opens the assistant for a command-line job and indexes the corpus first when it changed since the last index, so
 * `npm start`, `npm run ask` and `npm run batch` all work on a fresh clone without a separate ingest step.
 *
 * An existing index always serves: when the corpus changed, the server reindexes in the background and switches to
 * the new index once it is complete (`background`), and any job whose reindex finds another process's ingest
 * running goes on with the index it has. Only a store with no index at all waits for one, built here or by the
 * ingest already running elsewhere. Over object storage, where replicas share no ingest lock, only a store with no
 * index is indexed on start; updates are `npm run ingest`, run as one job.
 */
import type { Assistant } from '../assistant.js';
import type { Config } from '../config.js';
import { createAssistant } from '../create-assistant.js';
import { AppError } from '../errors.js';
import { isLocalUri } from '../index/lancedb.js';
import { printIngestSummary, progressReporter } from './progress.js';

/** How long a job with no index waits for another process's ingest to produce one. */
const waitForOtherIngestMs = 10 * 60 * 1000;

export async function openReadyAssistant(
  config: Config,
  log: (line: string) => void,
  options: { background?: boolean } = {},
): Promise<Assistant> {
  const assistant = await createAssistant(config);
  if (!(await assistant.needsReindex())) return assistant;
  const serving = (await assistant.status()).ready;
  if (serving && !isLocalUri(config.lancedbUri)) {
    // Replicas over object storage have no shared ingest lock: ingests run as one job (`npm run ingest`), never on
    // every replica's start.
    log(
      `The corpus in ${config.corpusDir} differs from the index; serving the index, run \`npm run ingest\` to update it.`,
    );
    return assistant;
  }
  if (serving && options.background) {
    log(`The corpus in ${config.corpusDir} changed: reindexing in the background; the current index serves meanwhile.`);
    assistant.reindex().then(
      (summary) => printIngestSummary(summary, log),
      (error: unknown) => log(`Background reindex did not run: ${AppError.from(error).publicMessage}`),
    );
    return assistant;
  }
  log(`Indexing the corpus in ${config.corpusDir} into ${config.lancedbUri} ...`);
  const reporter = progressReporter('Indexing');
  try {
    const summary = await assistant.reindex({ onProgress: reporter.update, waitMs: serving ? 0 : undefined });
    reporter.stop();
    printIngestSummary(summary, log);
  } catch (error) {
    reporter.stop();
    if (!AppError.isInstance(error) || error.code !== 'ingest_locked') {
      await assistant.close();
      throw error;
    }
    if (serving) log('Another process is reindexing; using the current index.');
    else await waitForIndex(assistant, log);
  }
  return assistant;
}

async function waitForIndex(assistant: Assistant, log: (line: string) => void): Promise<void> {
  log('Another process is building the index; waiting for it to finish ...');
  const deadline = Date.now() + waitForOtherIngestMs;
  while (!(await assistant.status()).ready) {
    if (Date.now() > deadline) {
      await assistant.close();
      throw new AppError('index_not_ready', 'No index appeared while another process held the ingest lock.');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(200, assistant.config.indexPollIntervalMs)));
  }
}
