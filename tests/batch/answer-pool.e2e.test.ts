/**
 * The worker pool when things go wrong: a worker that dies fails only its rows in flight and is replaced, one that
 * cannot start fails the pool's opening instead of hanging, a stopped run stops the rows in the workers, and
 * `POST /api/batch` over a pool stops its workers' rows when the client goes. Real worker threads, a real index, real
 * HTTP to a local OpenAI-compatible server.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyAnswerPool, openAnswerPool, type AnswerPool } from '../../src/batch/answer-pool.js';
import { answerRows, type BatchRow } from '../../src/batch/answer-rows.js';
import { openQuestionnaireBytes } from '../../src/batch/open-questionnaire.js';
import { testConfig } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { postBatch, questionnaire, sleep } from './batch-server.js';

const faultyWorker = new URL('./faulty-answer-worker.mjs', import.meta.url);
const unstartableWorker = new URL('./unstartable-answer-worker.mjs', import.meta.url);

let context: TestAssistant;
let fake: FakeOpenAIServer;

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  context = await createTestAssistant();
});
afterAll(async () => {
  await context?.cleanup();
  await fake?.close();
});

const questions = [
  'What must a provider disclose under the CLOUD Act?',
  'Who must support intelligence work in China?',
  'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?',
];

async function answerAll(
  csv: string,
  answer: Parameters<typeof answerRows>[0]['answer'],
  concurrency: number,
  signal?: AbortSignal,
  readAhead = 0,
) {
  const rows: BatchRow[] = [];
  const summary = await answerRows({
    source: await openQuestionnaireBytes(Buffer.from(csv), 'questions.csv'),
    answer,
    publicUrl: 'http://diligence.test',
    concurrency,
    readAhead,
    signal,
    onHeader: () => {},
    onRow: (row) => {
      rows.push(row);
    },
  });
  return { rows, summary };
}

function questionnaireWith(faults: Record<number, string>, rows: number): string {
  const lines = ['id,question'];
  for (let row = 1; row <= rows; row++) {
    lines.push(`${row},"${faults[row] ? `${faults[row]} ` : ''}${questions[row % questions.length]}"`);
  }
  return lines.join('\n');
}

describe('a worker that dies', () => {
  it('fails only the row it was answering, is replaced, and the batch finishes in input order', async () => {
    const lines: string[] = [];
    const pool = await openAnswerPool({
      config: context.assistant.config,
      workers: 2,
      workerEntry: faultyWorker,
      log: (line) => lines.push(line),
    });
    try {
      const { rows, summary } = await answerAll(
        questionnaireWith({ 4: 'EXIT', 9: 'THROW' }, 14),
        (question, options) => pool.answer(question, options),
        1,
      );
      expect(rows.map((row) => row.row)).toEqual(Array.from({ length: 14 }, (_, index) => index + 1));
      const failed = rows.filter((row) => row.cells.status === 'error');
      expect(failed.map((row) => row.row)).toEqual([4, 9]);
      expect(failed.map((row) => row.cells.error)).toEqual([
        'the answer engine failed on this row',
        'the answer engine failed on this row',
      ]);
      expect(summary.answered).toBe(12);
      expect(pool.stats()).toMatchObject({ replaced: 2, inFlight: 0 });
      expect(lines.join('\n')).toMatch(/exit code 3[\s\S]*a fault outside any answer/);
    } finally {
      await pool.close();
    }
  });

  it('fails at most the rows in flight on it when several rows are in flight', async () => {
    const pool = await openAnswerPool({ config: context.assistant.config, workers: 2, workerEntry: faultyWorker });
    try {
      const { rows } = await answerAll(
        questionnaireWith({ 6: 'EXIT' }, 24),
        (question, options) => pool.answer(question, options),
        6,
      );
      expect(rows.map((row) => row.row)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
      const failed = rows.filter((row) => row.cells.status === 'error').map((row) => row.row);
      expect(failed).toContain(6);
      // Six rows in flight over two workers: the dying one held at most those six.
      expect(failed.length).toBeLessThanOrEqual(6);
      expect(rows.slice(12).every((row) => row.cells.status !== 'error')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('that cannot start fails the opening with its reason after a few attempts, and leaves no thread running', async () => {
    await expect(
      openAnswerPool({ config: context.assistant.config, workers: 2, workerEntry: unstartableWorker }),
    ).rejects.toThrow('this worker cannot start');
    const lazy = lazyAnswerPool({
      config: context.assistant.config,
      workers: 2,
      workerEntry: unstartableWorker,
      log: () => {},
    });
    await expect(lazy.get()).resolves.toBeUndefined();
    await lazy.close();
  });
});

describe("a run's lane through the workers", () => {
  it('answers no more rows at once than the run asks for, while each worker holds its next row', async () => {
    const config = testConfig({ ...context.settings, ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl });
    const pool = await openAnswerPool({ config, workers: 2 });
    try {
      for (const concurrency of [2, 3]) {
        fake.reset();
        fake.firstTokenDelayMs = 150;
        const lane = pool.lane(concurrency);
        let mostHeld = 0;
        const watch = setInterval(() => (mostHeld = Math.max(mostHeld, pool.stats().inFlight)), 5);
        const { rows, summary } = await answerAll(
          questionnaire(10),
          lane.answer,
          concurrency,
          undefined,
          lane.readAhead,
        ).finally(() => clearInterval(watch));
        expect(summary.answered).toBe(10);
        expect(rows.map((row) => row.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(fake.mostChatsAtOnce).toBe(concurrency);
        expect(lane.readAhead).toBe(2);
        expect(mostHeld).toBe(concurrency + lane.readAhead);
      }
    } finally {
      fake.reset();
      await pool.close();
    }
  });
});

describe('stopping rows answered in workers', () => {
  /** Starts 12 rows whose model takes 20 s, stops the run once `held` rows are in the pool, and returns the result. */
  async function stopMidRun(
    answerer: (pool: AnswerPool) => { answer: Parameters<typeof answerRows>[0]['answer']; readAhead: number },
    concurrency: number,
    held: number,
  ) {
    const config = testConfig({ ...context.settings, ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl });
    fake.firstTokenDelayMs = 20_000;
    const pool = await openAnswerPool({ config, workers: 2 });
    try {
      const stop = new AbortController();
      const { answer, readAhead } = answerer(pool);
      const before = fake.chatRequests().length;
      const started = performance.now();
      const run = answerAll(
        questionnaire(12),
        (question, options) => answer(question, { ...options, signal: stop.signal }),
        concurrency,
        stop.signal,
        readAhead,
      );
      while (fake.chatRequests().length < before + concurrency || pool.stats().inFlight < held) await sleep(20);
      stop.abort();
      const { rows, summary } = await run;
      return {
        rows,
        summary,
        elapsedMs: performance.now() - started,
        requests: fake.chatRequests().length - before,
        inFlightAfter: pool.stats().inFlight,
      };
    } finally {
      fake.firstTokenDelayMs = 0;
      await pool.close();
    }
  }

  it('aborts the rows in flight in the workers when the run is stopped', async () => {
    const stopped = await stopMidRun((pool) => ({ answer: pool.answer, readAhead: 0 }), 4, 4);
    expect(stopped.summary.stopped).toBe(true);
    // Far sooner than the 20 s the model would take: the workers' requests were aborted.
    expect(stopped.elapsedMs).toBeLessThan(10_000);
    expect(stopped.rows.length).toBeLessThanOrEqual(4);
    expect(stopped.rows.every((row) => row.cells.status === 'error')).toBe(true);
    expect(stopped.inFlightAfter).toBe(0);
  });

  it("stops a lane's rows waiting in the workers with those answering, before they reach the model", async () => {
    const stopped = await stopMidRun((pool) => pool.lane(2), 2, 4);
    expect(stopped.summary.stopped).toBe(true);
    expect(stopped.elapsedMs).toBeLessThan(10_000);
    expect(stopped.rows.length).toBe(4);
    expect(stopped.rows.every((row) => row.cells.status === 'error')).toBe(true);
    expect(stopped.requests).toBe(2);
    expect(stopped.inFlightAfter).toBe(0);
  });

  it('stops the workers answering a POST /api/batch whose client went away, and the server keeps serving', async () => {
    const config = testConfig({ ...context.settings, ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl });
    const batchPool = lazyAnswerPool({ config, workers: 2 });
    const app = createApp(context.assistant, { batchPool });
    const server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      fake.firstTokenDelayMs = 300;
      const answered = await fetch(`${baseUrl}/api/batch?concurrency=4`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
        body: questionnaire(6),
      });
      const lines = (await answered.text()).trim().split('\n');
      expect(lines.slice(0, 6).map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
      ]);
      const pool = (await batchPool.get())!;
      expect(pool.stats().answered).toBe(6);

      const client = await postBatch(baseUrl, questionnaire(200));
      client.destroy();
      await sleep(100);
      const atDisconnect = fake.chatRequests().length;
      await sleep(1500);
      expect(fake.chatRequests().length).toBeLessThanOrEqual(atDisconnect + 8);
      expect(pool.stats().inFlight).toBe(0);
      expect(pool.stats().answered).toBeLessThan(6 + 40);
      expect((await fetch(`${baseUrl}/api/documents`)).status).toBe(200);
    } finally {
      fake.firstTokenDelayMs = 0;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await batchPool.close();
    }
  });
});
