import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetSizeBudgetBytes } from '../../src/widget/build.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let test: TestAssistant;

beforeAll(async () => {
  test = await createTestAssistant({
    settings: { WIDGET_KEYS: 'demo-key=http://localhost;other=https://portal.example' },
  });
});

afterAll(async () => {
  await test.cleanup();
});

describe('GET /widget.js', () => {
  it('serves the bundled widget gzipped, within the 40 KB budget, with an ETag', async () => {
    const response = await test.app.request('/widget.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const gzipped = Buffer.from(await response.arrayBuffer());
    expect(gzipped.length).toBeLessThanOrEqual(widgetSizeBudgetBytes);
    const code = gunzipSync(gzipped).toString('utf8');
    expect(code).toContain('diligence-chat');
    const etag = response.headers.get('etag')!;
    const again = await test.app.request('/widget.js', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('is plain JavaScript for clients that do not accept gzip, and carries no secret', async () => {
    const response = await test.app.request('/widget.js');
    expect(response.headers.get('content-encoding')).toBeNull();
    const code = await response.text();
    expect(code).not.toMatch(/sk-[A-Za-z0-9]{10}|OPENAI_API_KEY|API_KEYS|Bearer /);
  });
});

describe('GET / (demo host page)', () => {
  it('embeds the widget with one script tag and lists the Alibaba Cloud question first', async () => {
    const html = await (await test.app.request('/')).text();
    expect(html).toMatch(/<script src="\/widget\.js"[^>]*data-key="demo-key"/);
    expect(html).not.toContain('other');
    const questions = [...html.matchAll(/data-question="([^"]+)"/g)].map((match) => match[1]);
    expect(questions[0]).toBe('Is Alibaba Cloud a security risk to Western companies?');
  });

  it('says which widget key to add when none allows the page origin', async () => {
    const other = await createTestAssistant({
      dataDir: test.dataDir,
      settings: { WIDGET_KEYS: 'other=https://portal.example' },
    });
    const html = await (await other.app.request('/')).text();
    await other.cleanup();
    expect(html).toContain('No widget key allows http://localhost');
    expect(html).not.toContain('data-key=');
  });
});
