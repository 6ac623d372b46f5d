/**
 * Every way an OpenAI-compatible upstream can fail, against the real server in a child process: 429, 500, a hang, a
 * slow drip, malformed SSE, JSON or HTML with 200, an empty stream, error events, a dropped connection, and answers
 * with fabricated markers and fabricated quotes. Each case must end in a valid record, answered through the local
 * fallback (with a true reason) or verified, never a crash and never an abstention that blames the evidence; the
 * chat stream must end with exactly that record's answer. Prints one line per case.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRecordSchema, type AnswerRecord } from '../../src/answer/record.js';
import { chatOver } from '../helpers/chat-client.js';
import {
  citeFirstPassage,
  startFakeOpenAIServer,
  type FakeBehaviour,
  type FakeOpenAIServer,
} from '../helpers/fake-openai-server.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';
let dataDir: string;
let openai: FakeOpenAIServer;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-upstream-matrix-'));
  openai = await startFakeOpenAIServer();
  server = await startServerProcess({
    DATA_DIR: dataDir,
    CORPUS_DIR: fixtureCorpus,
    LOG_LEVEL: 'error',
    ANSWER_MODEL: 'openai:fake-model',
    OPENAI_BASE_URL: openai.baseUrl,
    OPENAI_API_KEY: 'sk-test',
    MODEL_TIMEOUT_MS: '600',
    MODEL_MAX_RETRIES: '1',
    MODEL_DEADLINE_MS: '2500',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await openai?.close();
  await rm(dataDir, { recursive: true, force: true });
});

type Expectation = 'fallback' | 'remote';
const fabricatedQuote = 'The passage states that "Alibaba Cloud has never received a government data request" [1].';
const both = (behaviour: FakeBehaviour): FakeBehaviour[] => [behaviour, behaviour];
const drip = Array.from({ length: 40 }, (_, index) => `token${index}`).join(' ');

/** Case name, what the fake upstream does for the next requests, and how the answer must come about. */
const cases: [string, () => FakeBehaviour[], Expectation, RegExp?][] = [
  ['429 on every attempt', () => both({ kind: 'status', status: 429, retryAfterMs: 10 }), 'fallback', /HTTP 429/],
  ['500 on every attempt', () => both({ kind: 'status', status: 500 }), 'fallback', /HTTP 500/],
  ['400, not retried', () => [{ kind: 'status', status: 400 }], 'fallback', /HTTP 400 .*after 1 attempt/],
  ['hang', () => both({ kind: 'hang' }), 'fallback', /timeout/],
  [
    'slow drip under the chunk timeout',
    () => [{ kind: 'reply', text: drip, chunkDelayMs: 400 }],
    'fallback',
    /deadline/,
  ],
  ['malformed SSE', () => both({ kind: 'malformed' }), 'fallback', /model server/],
  ['JSON instead of SSE', () => both({ kind: 'json' }), 'fallback', /application\/json/],
  ['HTML with 200', () => both({ kind: 'html' }), 'fallback', /text\/html/],
  ['empty stream', () => both({ kind: 'empty' }), 'fallback', /without any answer text/],
  ['error event', () => both({ kind: 'error-event' }), 'fallback', /overloaded/],
  ['error event mid-answer', () => [{ kind: 'error-event', afterText: 'Alibaba Cloud is' }], 'fallback', /mid-answer/],
  ['connection dropped mid-answer', () => [{ kind: 'cut', text: drip }], 'fallback', /mid-answer|terminated|model/],
  ['429 once, then an answer', () => [{ kind: 'status', status: 429, retryAfterMs: 10 }], 'remote'],
  ['fabricated markers', () => [], 'remote'],
  ['fabricated quote', () => [], 'remote'],
];

const replies: Record<string, (userText: string) => string> = {
  'fabricated markers': (userText) => `${citeFirstPassage(userText)} Alibaba Cloud runs 400 data centres [17][99].`,
  'fabricated quote': (userText) => `${citeFirstPassage(userText)} ${fabricatedQuote}`,
};

async function ask(): Promise<AnswerRecord> {
  const response = await fetch(`${server.origin}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(response.status).toBe(200);
  return answerRecordSchema.parse(await response.json());
}

/** The chat client's requests, sent to the server process. */
const remoteApp = {
  request: (input: string, init?: RequestInit) => fetch(new URL(new URL(input).pathname, server.origin), init),
};

describe('the server behind a failing upstream', () => {
  it.each(cases)('%s', async (name, behaviours, expectation, reason) => {
    const results: string[] = [];
    for (const surface of ['api', 'chat'] as const) {
      openai.reset();
      openai.enqueue(...behaviours());
      if (replies[name]) openai.reply = replies[name];
      let record: AnswerRecord;
      let chatText = '';
      if (surface === 'api') record = await ask();
      else {
        const message = await chatOver(remoteApp, [
          { id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] },
        ]);
        const part = message.parts.find((candidate) => candidate.type === 'data-answer');
        record = answerRecordSchema.parse(part && 'data' in part ? part.data : undefined);
        chatText = message.parts.map((candidate) => (candidate.type === 'text' ? candidate.text : '')).join('');
        expect(chatText).toBe(record.answer);
      }
      expect(record.status).toBe('answered');
      if (expectation === 'fallback') {
        expect(record.model).toBe('local');
        expect(record.fallback?.reason).toMatch(reason!);
        expect(record.fallback?.reason).not.toContain('[object Object]');
      } else {
        expect(record.model).toBe('openai:fake-model');
        expect(record.fallback).toBeUndefined();
      }
      if (name === 'fabricated markers') expect(record.droppedMarkers).toBe(2);
      if (name === 'fabricated quote') {
        expect(record.sentences.find((sentence) => sentence.text.includes('never received'))?.supported).toBe(false);
      }
      results.push(
        `${surface}: ${record.status} by ${record.model}${record.fallback ? ` (fallback: ${record.fallback.reason})` : ''} in ${Math.round(record.timings.totalMs)} ms`,
      );
    }
    expect(server.exited()).toBe(false);
    console.log(`upstream ${name}: ${results.join('; ')}`);
  });
});
