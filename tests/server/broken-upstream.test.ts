/**
 * An OpenAI-compatible server that breaks its protocol is a provider failure, never missing evidence: over real HTTP
 * (`app.request` against the fake server on a real port), every broken answer ends in a record answered through the
 * local fallback with a true, readable reason; a slow drip is cut by the overall deadline; the attempt count is the
 * real one; and the chat stream ends with exactly the verified answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerRecordSchema, type AnswerRecord } from '../../src/answer/record.js';
import { chatOver } from '../helpers/chat-client.js';
import { startFakeOpenAIServer, type FakeBehaviour, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';
let openai: FakeOpenAIServer;
let dataDir: string;
const opened: TestAssistant[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAIServer();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-upstream-'));
});
afterAll(async () => {
  for (const test of opened) await test.cleanup();
  await openai.close();
  await rm(dataDir, { recursive: true, force: true });
});
beforeEach(() => openai.reset());

/** A server whose answer model is the fake OpenAI server, over the shared, already indexed data folder. */
async function remoteApp(settings: Record<string, string> = {}) {
  const test = await createTestAssistant({
    dataDir,
    settings: {
      ANSWER_MODEL: 'openai:fake-model',
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      MODEL_TIMEOUT_MS: '2000',
      MODEL_MAX_RETRIES: '2',
      ...settings,
    },
  });
  opened.push(test);
  return test.app;
}

async function ask(app: TestAssistant['app']): Promise<AnswerRecord> {
  const response = await app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(response.status).toBe(200);
  return answerRecordSchema.parse(await response.json());
}

const times = (count: number, behaviour: FakeBehaviour) => Array.from({ length: count }, () => behaviour);

describe('a 200 response that carries no answer', () => {
  let app: TestAssistant['app'];
  beforeAll(async () => {
    app = await remoteApp({ MODEL_MAX_RETRIES: '1' });
  });

  // The full matrix (JSON instead of SSE, [DONE] only, malformed chunks, ...) runs against the server process in
  // tests/robustness/upstream-matrix.e2e.test.ts.
  it.each<[string, FakeBehaviour, RegExp]>([
    ['an HTML page', { kind: 'html' }, /text\/html instead of an event stream/],
    ['an empty stream', { kind: 'empty' }, /ended its stream without any answer text/],
    ['an error event', { kind: 'error-event' }, /overloaded/],
  ])('%s is retried, then answered by the local model with the true reason', async (_name, behaviour, reason) => {
    openai.enqueue(...times(2, behaviour));
    const record = await ask(app);
    expect(openai.chatRequests()).toHaveLength(2);
    expect(record.status).toBe('answered');
    expect(record.model).toBe('local');
    expect(record.fallback?.from).toBe('openai:fake-model');
    expect(record.fallback?.reason).toMatch(reason);
    expect(record.fallback?.reason).toMatch(/after 2 attempts/);
    expect(record.fallback?.reason).not.toContain('[object Object]');
    expect(record.citations.length).toBeGreaterThan(0);
  });

  it('is answered by the remote model when a retry succeeds', async () => {
    openai.enqueue({ kind: 'html' });
    const record = await ask(app);
    expect(openai.chatRequests()).toHaveLength(2);
    expect(record).toMatchObject({ status: 'answered', model: 'openai:fake-model' });
    expect(record.fallback).toBeUndefined();
  });
});

describe('failures the record reports truthfully', () => {
  it('says "after 1 attempt" for a 400, which is not retried', async () => {
    const app = await remoteApp();
    openai.enqueue({ kind: 'status', status: 400, message: 'Unsupported parameter: temperature' });
    const record = await ask(app);
    expect(openai.chatRequests()).toHaveLength(1);
    expect(record.model).toBe('local');
    expect(record.fallback?.reason).toMatch(/HTTP 400 .*after 1 attempt: Unsupported parameter: temperature/);
  });

  it('reads an error event after some answer text as a failure mid-answer, not as the answer', async () => {
    const app = await remoteApp();
    openai.enqueue({ kind: 'error-event', afterText: 'Alibaba Cloud is' });
    const record = await ask(app);
    expect(record).toMatchObject({ status: 'answered', model: 'local' });
    expect(record.fallback?.reason).toMatch(/mid-answer.*overloaded/);
    expect(record.answer).not.toMatch(/^Alibaba Cloud is\s*$/);
  });
});

describe('the overall deadline (MODEL_DEADLINE_MS)', () => {
  it('stops a token drip that stays under the chunk timeout, and answers from the local model', async () => {
    const app = await remoteApp({ MODEL_TIMEOUT_MS: '400', MODEL_DEADLINE_MS: '1200' });
    const drip = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    openai.enqueue({ kind: 'reply', text: drip, chunkDelayMs: 250 });
    const started = performance.now();
    const record = await ask(app);
    const elapsed = performance.now() - started;
    // 60 chunks at 250 ms would take 15 s; the deadline ends the remote attempt at 1.2 s.
    expect(elapsed).toBeLessThan(5000);
    expect(record).toMatchObject({ status: 'answered', model: 'local' });
    expect(record.fallback?.reason).toMatch(/1200 ms deadline/);
  });
});

describe('POST /api/chat when the remote model fails mid-answer', () => {
  it('ends with exactly the verified fallback answer, without the failed partial text', async () => {
    const app = await remoteApp();
    const partial = 'Contoso alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima [1].';
    openai.enqueue({ kind: 'cut', text: partial });
    const last = await chatOver(app, [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] }]);
    const answerPart = last.parts.find((part) => part.type === 'data-answer');
    const record = answerRecordSchema.parse(answerPart && 'data' in answerPart ? answerPart.data : undefined);
    expect(record).toMatchObject({ status: 'answered', model: 'local' });
    const text = last.parts
      .filter((part) => part.type === 'text')
      .map((part) => (part.type === 'text' ? part.text : ''))
      .join('');
    expect(text).toBe(record.answer);
    expect(text).not.toContain('alpha bravo');
  });
});
