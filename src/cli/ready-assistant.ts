/**
 * Opens the assistant for a command-line job and indexes the corpus first when it changed since the last index, so
 * `npm start`, `npm run ask` and `npm run batch` all work on a fresh clone without a separate ingest step.
 */
import type { Assistant } from '../assistant.js';
import type { Config } from '../config.js';
import { createAssistant } from '../create-assistant.js';
import { printIngestSummary, progressReporter } from './progress.js';

export async function openReadyAssistant(config: Config, log: (line: string) => void): Promise<Assistant> {
  const assistant = await createAssistant(config);
  if (await assistant.needsReindex()) {
    log(`Indexing the corpus in ${config.corpusDir} into ${config.lancedbUri} ...`);
    const reporter = progressReporter('Indexing');
    const summary = await assistant.reindex({ onProgress: reporter.update });
    reporter.stop();
    printIngestSummary(summary, log);
  }
  return assistant;
}
