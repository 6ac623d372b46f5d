/**
 * `npm start`: open the assistant, index the corpus on first start or when it changed, and serve HTTP until
 * SIGTERM/SIGINT, then shut down gracefully (stop accepting, finish in-flight requests, close the index).
 */
import { serve } from '@hono/node-server';
import { lazyAnswerPool, workersFor } from '../batch/answer-pool.js';
import { maxBatchConcurrency } from '../server/routes/batch.js';
import type { Config } from '../config.js';
import { createApp } from '../server/app.js';
import { drainSlackTasks } from '../slack/runtime.js';
import { parseArgs } from 'node:util';
import { readArguments } from './arguments.js';
import { openReadyAssistant } from './ready-assistant.js';

const usage = `Usage: npm start [-- --port N] [--data-dir DIR] [--corpus-dir DIR] [--answer-model ID] ...

Serves the assistant over HTTP (indexes the corpus first when it changed). Every setting is an environment variable
(see README.md, Configuration); the config flags above override them.

  -h, --help   this help`;

export async function run(config: Config, argv: string[]): Promise<number> {
  const flags = readArguments(() => {
    const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
    return values.help ? 'help' : values;
  }, usage);
  if (typeof flags === 'number') return flags;
  const log = (message: string) => {
    if (config.logLevel !== 'silent') console.log(message);
  };
  const assistant = await openReadyAssistant(config, log, { background: true });
  const status = await assistant.status();
  log(`Index ready: ${status.documents} documents, ${status.passages} passages (corpus ${status.corpusVersion}).`);

  // Batch uploads are answered in worker threads, started with the first one; the pool closes with the server.
  const batchPool = lazyAnswerPool({
    config,
    workers: workersFor(config.batchWorkers, maxBatchConcurrency, Number.POSITIVE_INFINITY),
    log,
  });
  const app = createApp(assistant, { batchPool });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log(`Answer model: ${config.answerModel}; embedding model: ${config.embeddingModel}.`);
    log(
      config.slack
        ? 'Slack is on (/slack/events, /slack/commands, /slack/interactions).'
        : 'Slack is off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to turn it on).',
    );
    log(
      `Serving on http://${info.address === '::' ? 'localhost' : info.address}:${info.port} (demo page at /, API reference at /docs).`,
    );
  });

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log(`${signal} received: finishing in-flight requests and shutting down.`);
      server.close(() => resolve());
      // Streams held open by slow clients must not block shutdown forever.
      setTimeout(() => resolve(), 10_000).unref();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  // Slack answers run after the request was acknowledged; let them finish before the index closes.
  await drainSlackTasks(assistant);
  await batchPool.close();
  await assistant.close();
  return 0;
}
