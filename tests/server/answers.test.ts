/**
 * The answer routes over real HTTP semantics (`app.request`): `/api/chat` read with the AI SDK's own client
 * (`DefaultChatTransport` + `readUIMessageStream`), `/api/ask`, permalinks that survive a restart, feedback,
 * validation errors, bearer auth, and the generated OpenAPI document.
 */
import type { UIMessage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../src/answer/record.js';
import { answerRecordSchema } from '../../src/answer/record.js';
import type { AnswerUIMessage } from '../../src/server/routes/answers.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { feedbackFileName } from '../../src/store/feedback-store.js';
import { chatOver } from '../helpers/chat-client.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';
let fixture: TestAssistant;

beforeAll(async () => {
  fixture = await createTestAssistant();
});
afterAll(async () => {
  await fixture.cleanup();
});

const postJson = (app: TestAssistant['app'], path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const chat = (app: TestAssistant['app'], messages: UIMessage[]) => chatOver(app, messages);

describe('POST /api/chat', () => {
  it('streams text, one source part per citation and the full record as a data-answer part', async () => {
    const message = await chat(fixture.app, [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] }]);
    const text = message.parts.find((part) => part.type === 'text');
    const sources = message.parts.filter((part) => part.type === 'source-url');
    const answerPart = message.parts.find((part) => part.type === 'data-answer');
    expect(answerPart).toBeDefined();
    const record = answerRecordSchema.parse(answerPart!.type === 'data-answer' ? answerPart!.data : undefined);
    expect(record.status).toBe('answered');
    expect(record.surface).toBe('chat');
    expect(text && text.type === 'text' ? text.text : '').toBe(record.answer);
    expect(sources.map((part) => (part.type === 'source-url' ? part.sourceId : ''))).toEqual(
      record.citations.map((citation) => citation.passageId),
    );
    const [first] = sources;
    expect(first!.type === 'source-url' && first!.title).toBe(
      `[${record.citations[0]!.n}] ${record.citations[0]!.title}`,
    );
    expect(first!.type === 'source-url' && first!.url).toBe(record.citations[0]!.url);
    // Status updates are transient: not kept in the message.
    expect(message.parts.some((part) => part.type === 'data-status')).toBe(false);
  });

  it('rewrites a follow-up into a standalone question using the conversation', async () => {
    const message = await chat(fixture.app, [
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] },
      { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Alibaba Cloud is subject to the NIL [1].' }] },
      { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Which certifications does it hold?' }] },
    ]);
    const answerPart = message.parts.find((part) => part.type === 'data-answer');
    const record = (answerPart as { data: AnswerRecord }).data;
    expect(record.question).toBe('Which certifications does it hold?');
    expect(record.standaloneQuestion).toBe('Which certifications does Alibaba Cloud hold?');
    expect(record.citations.map((citation) => citation.passageId)).toContain('vendor-alibaba-cloud#certifications');
  });

  it('rejects a conversation that does not end with a user question', async () => {
    const response = await postJson(fixture.app, '/api/chat', {
      messages: [{ id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Hello' }] }],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });
});

describe('POST /api/ask and GET /api/answers/:id', () => {
  it('returns the record, which the permalink serves, also after a restart', async () => {
    const response = await postJson(fixture.app, '/api/ask', {
      question,
      k: 6,
      filters: { vendor: ['alibaba-cloud'] },
    });
    expect(response.status).toBe(200);
    const record = answerRecordSchema.parse(await response.json());
    expect(record.surface).toBe('api');
    expect(record.filters).toEqual({ vendor: ['alibaba-cloud'] });
    expect(record.retrievedPassageIds.length).toBeLessThanOrEqual(6);

    const permalink = await fixture.app.request(`/api/answers/${record.id}`);
    expect(await permalink.json()).toEqual(record);

    const restarted = await createTestAssistant({ dataDir: fixture.dataDir });
    try {
      const again = await restarted.app.request(`/api/answers/${record.id}`);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(record);
    } finally {
      await restarted.cleanup();
    }
  });

  it('answers 404 for an unknown answer id', async () => {
    const response = await fixture.app.request('/api/answers/a_nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('rejects invalid input with a 400 JSON error', async () => {
    for (const body of [
      '{not json',
      {},
      { question: '   ' },
      { question, k: 0 },
      { question, model: 'gpt-4' },
      { question, filters: { colour: 'red' } },
    ]) {
      const response = await postJson(fixture.app, '/api/ask', body);
      expect(response.status).toBe(400);
      const payload = (await response.json()) as { error: { code: string; message: string } };
      expect(payload.error.code).toBe('invalid_input');
      expect(payload.error.message).not.toBe('');
    }
  });

  it('refuses a model other than local or the configured one', async () => {
    const response = await postJson(fixture.app, '/api/ask', { question, model: 'openai:gpt-4o' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not enabled/);
  });
});

describe('POST /api/feedback', () => {
  it('stores a rating for an existing answer', async () => {
    const record = (await (await postJson(fixture.app, '/api/ask', { question })).json()) as AnswerRecord;
    const response = await postJson(fixture.app, '/api/feedback', {
      answerId: record.id,
      rating: 'down',
      comment: 'Too long',
    });
    expect(response.status).toBe(201);
    const saved = (await response.json()) as { id: string; createdAt: string };
    expect(saved.id).toBeTruthy();
    expect(Date.parse(saved.createdAt)).not.toBeNaN();
  });

  it('records the source: widget when the request came with a widget key, api otherwise', async () => {
    const origin = 'https://portal.example';
    const widgetServer = await createTestAssistant({
      dataDir: fixture.dataDir,
      settings: { API_KEYS: 'server-secret', WIDGET_KEYS: `portal-key=${origin}` },
    });
    try {
      const asked = await postJson(
        widgetServer.app,
        '/api/ask',
        { question },
        { authorization: 'Bearer server-secret' },
      );
      const record = (await asked.json()) as AnswerRecord;
      const viaWidget = await postJson(
        widgetServer.app,
        '/api/feedback',
        { answerId: record.id, rating: 'up' },
        { Origin: origin, 'X-Widget-Key': 'portal-key' },
      );
      expect(viaWidget.status).toBe(201);
      const viaApi = await postJson(
        widgetServer.app,
        '/api/feedback',
        { answerId: record.id, rating: 'down' },
        { authorization: 'Bearer server-secret' },
      );
      expect(viaApi.status).toBe(201);
      const stored = (await readFile(path.join(fixture.dataDir, feedbackFileName), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { answerId: string; rating: string; source: string })
        .filter((entry) => entry.answerId === record.id);
      expect(stored.map((entry) => [entry.rating, entry.source])).toEqual([
        ['up', 'widget'],
        ['down', 'api'],
      ]);
    } finally {
      await widgetServer.assistant.close();
    }
  });

  it('rejects unknown answers and bad ratings', async () => {
    expect((await postJson(fixture.app, '/api/feedback', { answerId: 'a_missing', rating: 'up' })).status).toBe(404);
    const bad = await postJson(fixture.app, '/api/feedback', { answerId: 'x', rating: 'meh' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringContaining('rating') },
    });
  });
});

describe('access control', () => {
  it('requires a bearer key on /api/* when API_KEYS is set, and not on the docs', async () => {
    const secured = await createTestAssistant({ dataDir: fixture.dataDir, settings: { API_KEYS: 'key-one,key-two' } });
    try {
      expect((await postJson(secured.app, '/api/ask', { question })).status).toBe(401);
      expect((await postJson(secured.app, '/api/ask', { question }, { authorization: 'Bearer wrong' })).status).toBe(
        401,
      );
      const allowed = await postJson(secured.app, '/api/ask', { question }, { authorization: 'Bearer key-two' });
      expect(allowed.status).toBe(200);
      const record = (await allowed.json()) as AnswerRecord;
      expect((await secured.app.request(`/api/answers/${record.id}`)).status).toBe(401);
      expect((await secured.app.request('/openapi.json')).status).toBe(200);
      const document = (await (await secured.app.request('/openapi.json')).json()) as { security?: unknown };
      expect(document.security).toEqual([{ bearer: [] }]);
    } finally {
      await secured.cleanup();
    }
  });

  it('is open without API_KEYS', async () => {
    expect((await postJson(fixture.app, '/api/ask', { question })).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the routes with schemas generated from zod', async () => {
    const document = (await (await fixture.app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/ask', '/api/chat', '/api/answers/{id}', '/api/feedback', '/api/search']),
    );
    expect(document.components.schemas.AskRequest!.required).toEqual(['question']);
    expect(Object.keys(document.components.schemas.AnswerRecord!.properties!)).toEqual(
      expect.arrayContaining(['status', 'answer', 'citations', 'sentences', 'fallback', 'promptVersion']),
    );
    const page = await fixture.app.request('/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('POST /api/chat');
  });
});
