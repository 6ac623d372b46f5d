/**
 * Answer benchmark over a 10k-passage corpus: server-side time to first token with the local model, retrieval
 * included; time added over a fake OpenAI-compatible server that sends its first token after a fixed 300 ms (peer:
 * the bare AI SDK call to the same server, no retrieval); and `/api/ask` answers per second with the local model over
 * a real socket (peer: the same questions in-process). Runs are interleaved where there is a peer.
 *
 *   npm run bench -- answer [--size 10000] [--queries 200] [--remote-queries 30] [--requests 200] [--sources <folder>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { streamText } from 'ai';
import { createAnswerEngine } from '../src/answer/engine.js';
import { buildAnswerPrompt } from '../src/answer/prompt.js';
import type { Assistant } from '../src/assistant.js';
import { createAssistant } from '../src/create-assistant.js';
import { createLanguageModel } from '../src/models/language-model.js';
import { createApp } from '../src/server/app.js';
import { openAnswerStore } from '../src/store/answer-store.js';
import { startFakeOpenAIServer } from '../tests/helpers/fake-openai-server.js';
import {
  defaultSourcesDirectory,
  makePassages,
  makeQueries,
  readSourceSentences,
  writeBenchCorpus,
} from './passages.js';
import { benchConfig, option, percentile, type BenchRow, type BenchSuite } from './suite.js';

const fakeFirstTokenMs = 300;

/** Milliseconds from the call to the first streamed text, and the final status. */
async function timeToFirstToken(assistant: Pick<Assistant, 'askStream'>, question: string) {
  const started = performance.now();
  let first: number | undefined;
  const stream = assistant.askStream(question, { surface: 'eval' });
  for await (const event of stream) {
    if (event.type === 'text-delta' && first === undefined) first = performance.now() - started;
  }
  const record = await stream.record;
  return { firstTokenMs: first ?? performance.now() - started, status: record.status, model: record.model };
}

export const suite: BenchSuite = {
  name: 'answer',
  description: 'time to first token (local, and added over a 300 ms OpenAI-compatible server) and /api/ask answers/s',
  async run({ config, argv, log }) {
    const size = Number(option(argv, '--size') ?? 10_000);
    const queryCount = Number(option(argv, '--queries') ?? 200);
    const remoteCount = Number(option(argv, '--remote-queries') ?? 30);
    const requestCount = Number(option(argv, '--requests') ?? 200);
    const sentences = await readSourceSentences(option(argv, '--sources') ?? defaultSourcesDirectory);
    const scenario = `${size / 1000}k passages`;
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-answer-'));
    const fake = await startFakeOpenAIServer();
    let assistant: Assistant | undefined;
    try {
      const passages = makePassages(sentences, size);
      const corpusDirectory = path.join(workspace, 'corpus');
      await writeBenchCorpus(passages, corpusDirectory);
      const dataDirectory = path.join(workspace, 'data');
      const localConfig = benchConfig(config, { dataDirectory, corpusDirectory, extra: { ANSWER_MODEL: 'local' } });
      assistant = await createAssistant(localConfig);
      log(`${scenario}: ingesting`);
      await assistant.reindex();
      // Analyst-style questions from the passages' own words (so most pass the evidence check).
      const questions = makeQueries(passages, queryCount + 20).map(
        (words) => `What does the guidance say about ${words}?`,
      );

      // 1. Time to first token, local model, retrieval included.
      log(`${scenario}: local time to first token over ${queryCount} questions`);
      const local: number[] = [];
      const answered: string[] = [];
      for (const [position, question] of questions.entries()) {
        const result = await timeToFirstToken(assistant, question);
        if (position < 20) continue;
        local.push(result.firstTokenMs);
        if (result.status === 'answered') answered.push(question);
      }
      rows.push(
        {
          scenario,
          metric: 'local: time to first token p50',
          value: percentile(local, 0.5),
          unit: 'ms',
          target: { max: 100 },
        },
        { scenario, metric: 'local: time to first token p95', value: percentile(local, 0.95), unit: 'ms' },
      );
      notes.push(
        `local: ${answered.length}/${local.length} benchmark questions answered, the rest abstained (also timed)`,
      );

      // 2. Added time over a remote model whose first token takes 300 ms.
      fake.firstTokenDelayMs = fakeFirstTokenMs;
      const remoteConfig = benchConfig(config, {
        dataDirectory,
        corpusDirectory,
        extra: { ANSWER_MODEL: 'openai:fake-300ms', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'bench' },
      });
      const answerStore = await openAnswerStore(path.join(workspace, 'remote-answers'));
      const engine = createAnswerEngine({
        config: remoteConfig,
        retriever: assistant,
        corpusVersion: () => 'bench',
        answerStore,
      });
      const bareModel = createLanguageModel(remoteConfig, 'openai:fake-300ms');
      const samplePassages = (await assistant.search(answered[0] ?? questions[0]!, { k: 12 })).hits.map(
        (hit) => hit.passage,
      );
      log(
        `${scenario}: remote time to first token over ${remoteCount} questions (first token after ${fakeFirstTokenMs} ms)`,
      );
      const engineAdded: number[] = [];
      const bareAdded: number[] = [];
      const remoteQuestions = (answered.length > 0 ? answered : questions).slice(0, remoteCount + 3);
      for (const [position, question] of remoteQuestions.entries()) {
        const result = await timeToFirstToken(engine, question);
        if (result.model !== 'openai:fake-300ms') throw new Error(`remote answer fell back: ${result.model}`);
        const started = performance.now();
        let bareFirst: number | undefined;
        for await (const delta of streamText({
          model: bareModel,
          maxRetries: 0,
          ...buildAnswerPrompt(question, samplePassages),
        }).textStream) {
          if (delta !== '' && bareFirst === undefined) bareFirst = performance.now() - started;
        }
        if (position < 3) continue;
        engineAdded.push(result.firstTokenMs - fakeFirstTokenMs);
        bareAdded.push((bareFirst ?? performance.now() - started) - fakeFirstTokenMs);
      }
      await answerStore.close();
      rows.push(
        {
          scenario,
          metric: 'remote: time added to first token p50',
          value: percentile(engineAdded, 0.5),
          unit: 'ms',
          peer: { name: 'bare streamText to the same server', value: percentile(bareAdded, 0.5) },
          target: { max: 50 },
        },
        {
          scenario,
          metric: 'remote: time added to first token p95',
          value: percentile(engineAdded, 0.95),
          unit: 'ms',
          peer: { name: 'bare streamText to the same server', value: percentile(bareAdded, 0.95) },
        },
      );

      // 3. /api/ask answers per second over a real socket, local model.
      const app = createApp(assistant);
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ask`;
      const concurrency = 4;
      const load = async (ask: (question: string) => Promise<unknown>) => {
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < requestCount) {
              const question = questions[next++ % questions.length]!;
              await ask(question);
            }
          }),
        );
        return requestCount / ((performance.now() - started) / 1000);
      };
      const overHttp = async (question: string) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        });
        if (!response.ok) throw new Error(`/api/ask answered ${response.status}: ${await response.text()}`);
        await response.json();
      };
      log(`${scenario}: /api/ask throughput, ${requestCount} requests, concurrency ${concurrency}`);
      const httpRates: number[] = [];
      const inProcessRates: number[] = [];
      for (let round = 0; round < 2; round++) {
        httpRates.push(await load(overHttp));
        inProcessRates.push(await load((question) => assistant!.ask(question, { surface: 'eval' })));
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rows.push({
        scenario,
        metric: `/api/ask answers per second (local, concurrency ${concurrency})`,
        value: percentile(httpRates, 0.5),
        unit: 'answers/s',
        peer: { name: 'assistant.ask in-process', value: percentile(inProcessRates, 0.5) },
      });
      return { rows, notes };
    } finally {
      await assistant?.close();
      await fake.close();
      await rm(workspace, { recursive: true, force: true });
    }
  },
};
