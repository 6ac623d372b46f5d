import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;

beforeAll(async () => {
  context = await createTestAssistant({ settings: { MAX_BODY_BYTES: '2000' } });
});
afterAll(async () => context?.cleanup());

const getJson = async (path: string) => {
  const response = await context.app.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('health and readiness', () => {
  it('reports health, and readiness with the corpus version and counts', async () => {
    expect(await getJson('/health')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await getJson('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, documents: 10, corpusVersion: expect.any(String) as string });
    expect(ready.body.passages).toBeGreaterThan(10);
  });
});

describe('GET /api/search', () => {
  it('returns ranked passages with scores and provenance', async () => {
    const { status, body } = await getJson('/api/search?q=possession+custody+or+control&k=3');
    expect(status).toBe(200);
    const hits = body.hits as { rank: number; score: number; passage: { id: string; url: string; heading: string } }[];
    expect(hits).toHaveLength(3);
    expect(hits[0]!.passage.id).toMatch(/^cloud-act-2018#/);
    expect(hits[0]!).toMatchObject({ rank: 1, score: expect.any(Number) as number });
    expect(hits[0]!.passage.heading).toContain('CLOUD Act');
  });

  it('applies filters given as query parameters, vendors by alias', async () => {
    const { body } = await getJson('/api/search?q=data&k=20&vendor=Aliyun');
    const hits = body.hits as { passage: { vendors: string[] } }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.passage.vendors.includes('alibaba-cloud'))).toBe(true);
    const eu = await getJson('/api/search?q=transfer&jurisdiction=EU&type=regulation');
    for (const hit of eu.body.hits as { passage: { jurisdiction: string; type: string } }[]) {
      expect(hit.passage).toMatchObject({ jurisdiction: 'EU', type: 'regulation' });
    }
  });

  it('refuses invalid input with a 400 JSON error naming the parameter', async () => {
    const missing = await getJson('/api/search');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('q') as string,
    });
    const badType = await getJson('/api/search?q=x&type=blog');
    expect(badType.status).toBe(400);
    expect((badType.body.error as { message: string }).message).toContain('type');
    const badK = await getJson('/api/search?q=x&k=0');
    expect(badK.status).toBe(400);
    const badDate = await getJson('/api/search?q=x&from=2024-13');
    expect((badDate.body.error as { message: string }).message).toContain('YYYY-MM-DD');
  });
});

describe('documents and passages', () => {
  it('lists documents with their metadata and passage counts', async () => {
    const { status, body } = await getJson('/api/documents');
    expect(status).toBe(200);
    const documents = body.documents as { id: string; passages: number; url: string }[];
    expect(documents.map((document) => document.id)).toContain('pipl-2021');
    expect(documents.every((document) => document.passages > 0)).toBe(true);
  });

  it('returns one document with its passages, each a span of the document text', async () => {
    const { status, body } = await getJson('/api/documents/pipl-2021');
    expect(status).toBe(200);
    const passages = body.passages as { id: string; start: number; end: number; text: string }[];
    expect(passages.length).toBeGreaterThan(1);
    expect(passages.every((passage) => passage.end - passage.start === passage.text.length)).toBe(true);
  });

  it('returns one passage by its readable id, URL-encoded', async () => {
    const id = 'pipl-2021#art-38';
    const { status, body } = await getJson(`/api/passages/${encodeURIComponent(id)}`);
    expect(status).toBe(200);
    expect(body.passage).toMatchObject({
      id,
      documentId: 'pipl-2021',
      heading: expect.stringContaining('Article 38') as string,
    });
  });

  it('answers 404 JSON for unknown documents, passages and routes', async () => {
    for (const path of ['/api/documents/nope', `/api/passages/${encodeURIComponent('nope#x')}`, '/no/such/route']) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(404);
      expect((body.error as { code: string }).code).toBe('not_found');
    }
  });
});

describe('request limits', () => {
  it('refuses bodies over MAX_BODY_BYTES with 413 JSON', async () => {
    const response = await context.app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'x'.repeat(5000) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('refuses malformed JSON with 400 JSON', async () => {
    const response = await context.app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"question": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});
