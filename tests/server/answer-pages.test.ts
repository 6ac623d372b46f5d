/**
 * `GET /answers/:id`: the answer record as a page for people, with the JSON permalink unchanged; corpus text with
 * markup in it is shown as text, never as markup, and the page allows no script.
 */
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../src/answer/record.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;
beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: path.resolve('tests/fixtures/hostile-corpus') });
});
afterAll(async () => context?.cleanup());

async function ask(question: string): Promise<AnswerRecord> {
  const response = await context.app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return (await response.json()) as AnswerRecord;
}

describe('GET /answers/:id', () => {
  it('renders the answer, its sources with quotes and links, and its details as inert HTML', async () => {
    const record = await ask('What did Contoso Cloud disclose about the breach of its storage service?');
    expect(record.status).toBe('answered');
    const response = await context.app.request(`/answers/${record.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    const { document } = parseHTML(html);
    expect(document.querySelector('h1')!.textContent).toBe(record.question);
    expect(document.querySelectorAll('script, img, iframe, object')).toHaveLength(0);
    expect(
      [...document.querySelectorAll('*')].some((node) => [...node.attributes].some((a) => a.name.startsWith('on'))),
    ).toBe(false);
    // Markup from the corpus is visible as text.
    expect(document.querySelector('.answer')!.textContent).toContain('<img src=x onerror=');
    const source = document.querySelector('#source-1')!;
    expect(source.querySelector('a')!.getAttribute('href')).toBe(record.citations[0]!.url);
    expect(source.querySelector('a')!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(source.querySelector('blockquote')!.textContent).toBe(record.citations[0]!.quote);
    expect(document.querySelector('.answer a.citation')!.getAttribute('href')).toBe('#source-1');
    const details = document.querySelector('dl.details')!.textContent!;
    expect(details).toContain(record.model);
    expect(details).toContain(record.corpusVersion);
    expect(details).toContain(record.createdAt.slice(0, 10));
  });

  it('keeps /api/answers/:id as JSON and answers an unknown id with 404', async () => {
    const record = await ask('What did Contoso Cloud say it did after the breach?');
    const json = await context.app.request(`/api/answers/${record.id}`);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(((await json.json()) as AnswerRecord).id).toBe(record.id);
    const missing = await context.app.request('/answers/a_nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await context.app.request('/answers/%3Cscript%3E')).status).toBe(404);
  });
});
