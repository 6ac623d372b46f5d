import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

const passagePath = `/api/passages/${encodeURIComponent('vendor-alibaba-cloud#overview')}`;
const portal = 'https://portal.example';

let dataDir: string;
const opened: TestAssistant[] = [];

/** An app over the shared, already indexed data folder, with the given access settings. */
async function appWith(settings: Record<string, string>) {
  const test = await createTestAssistant({ dataDir, settings });
  opened.push(test);
  return test.app;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-access-'));
  await appWith({});
});

afterAll(async () => {
  for (const test of opened) await test.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

describe('an open server (no API_KEYS, no WIDGET_KEYS)', () => {
  it('serves the API and allows any origin, preflight included', async () => {
    const app = await appWith({});
    const response = await app.request(passagePath, { headers: { Origin: 'https://anywhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    const preflight = await app.request('/api/chat', {
      method: 'OPTIONS',
      headers: { Origin: 'https://anywhere.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Widget-Key');
  });
});

describe('bearer keys (API_KEYS)', () => {
  it('still require Authorization: Bearer for programmatic callers', async () => {
    const app = await appWith({ API_KEYS: 'server-secret' });
    expect((await app.request(passagePath)).status).toBe(401);
    expect((await app.request(passagePath, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await app.request(passagePath, { headers: { Authorization: 'Bearer server-secret' } });
    expect(response.status).toBe(200);
  });

  it('give other origins no CORS when no widget key is configured', async () => {
    const app = await appWith({ API_KEYS: 'server-secret' });
    const preflight = await app.request('/api/chat', {
      method: 'OPTIONS',
      headers: { Origin: portal, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('widget keys (WIDGET_KEYS) next to bearer keys', () => {
  const settings = { API_KEYS: 'server-secret', WIDGET_KEYS: `portal-key=${portal}|https://wiki.example;open-key=*` };

  it('let an allowed origin use the widget endpoints without a bearer key, with CORS for that origin only', async () => {
    const app = await appWith(settings);
    const response = await app.request(passagePath, { headers: { Origin: portal, 'X-Widget-Key': 'portal-key' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(portal);
    expect(response.headers.get('vary')).toContain('Origin');
    const body = (await response.json()) as { passage: { id: string } };
    expect(body.passage.id).toBe('vendor-alibaba-cloud#overview');
  });

  it('put CORS headers on the streamed chat response too', async () => {
    const app = await appWith(settings);
    const response = await app.request('/api/chat', {
      method: 'POST',
      headers: { Origin: portal, 'X-Widget-Key': 'portal-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Who owns Alibaba Cloud?' }] }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe(portal);
    expect(await response.text()).toContain('"type":"data-answer"');
  });

  it('accept `*` as any origin', async () => {
    const app = await appWith(settings);
    const response = await app.request(passagePath, {
      headers: { Origin: 'https://blog.example', 'X-Widget-Key': 'open-key' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://blog.example');
  });

  it('refuse an origin the key does not list, with a 403 JSON error and no CORS headers', async () => {
    const app = await appWith(settings);
    const response = await app.request(passagePath, {
      headers: { Origin: 'https://evil.example', 'X-Widget-Key': 'portal-key' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuse unknown and missing keys from other origins', async () => {
    const app = await appWith(settings);
    const unknown = await app.request(passagePath, { headers: { Origin: portal, 'X-Widget-Key': 'guessed' } });
    expect(unknown.status).toBe(403);
    const missing = await app.request(passagePath, { headers: { Origin: portal } });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/key/) } });
  });

  it('answer preflight only for origins some key allows', async () => {
    const app = await appWith({ ...settings, WIDGET_KEYS: `portal-key=${portal}|https://wiki.example` });
    const preflight = (origin: string) =>
      app.request('/api/chat', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-widget-key',
        },
      });
    const allowed = await preflight('https://wiki.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://wiki.example');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('do not open the rest of the API', async () => {
    const app = await appWith(settings);
    const response = await app.request('/api/search?q=alibaba', {
      headers: { Origin: portal, 'X-Widget-Key': 'portal-key' },
    });
    expect(response.status).toBe(401);
  });

  it('use the Referer when a same-origin GET carries no Origin', async () => {
    const app = await appWith({ ...settings, WIDGET_KEYS: 'demo=http://localhost' });
    const allowed = await app.request(passagePath, {
      headers: { Referer: 'http://localhost/', 'X-Widget-Key': 'demo' },
    });
    expect(allowed.status).toBe(200);
    const noPage = await app.request(passagePath, { headers: { 'X-Widget-Key': 'demo' } });
    expect(noPage.status).toBe(403);
  });

  it('leave bearer callers unaffected', async () => {
    const app = await appWith(settings);
    const response = await app.request(passagePath, { headers: { Authorization: 'Bearer server-secret' } });
    expect(response.status).toBe(200);
  });
});

describe('rate limits', () => {
  it('limit each widget key per minute with 429, Retry-After and CORS so the widget can read it', async () => {
    const app = await appWith({ WIDGET_KEYS: `portal-key=${portal}`, RATE_LIMIT_PER_MINUTE: '2' });
    const send = () =>
      app.request('/api/feedback', {
        method: 'POST',
        headers: { Origin: portal, 'X-Widget-Key': 'portal-key', 'Content-Type': 'application/json' },
        body: JSON.stringify({}),
      });
    expect((await send()).status).not.toBe(429);
    expect((await send()).status).not.toBe(429);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('access-control-allow-origin')).toBe(portal);
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await limited.json()).toMatchObject({
      error: { code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } },
    });
  });

  it('limit each client address separately', async () => {
    const app = await appWith({ RATE_LIMIT_PER_IP_PER_MINUTE: '1', TRUST_PROXY: 'true' });
    const ask = (address: string) =>
      app.request('/api/ask', {
        method: 'POST',
        headers: { 'X-Forwarded-For': address, 'Content-Type': 'application/json' },
        body: JSON.stringify({}),
      });
    expect((await ask('203.0.113.1')).status).not.toBe(429);
    expect((await ask('203.0.113.1')).status).toBe(429);
    expect((await ask('203.0.113.2')).status).not.toBe(429);
  });

  const askFrom = (app: TestAssistant['app'], forwardedFor: string) =>
    app.request('/api/ask', {
      method: 'POST',
      headers: { 'X-Forwarded-For': forwardedFor, 'Content-Type': 'application/json' },
      body: JSON.stringify({}),
    });

  it('behind one trusted proxy, take the address the proxy appended, not what the client wrote before it', async () => {
    const app = await appWith({ RATE_LIMIT_PER_IP_PER_MINUTE: '1', TRUST_PROXY: 'true' });
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++) {
      statuses.push((await askFrom(app, `198.51.100.${index}, 203.0.113.9`)).status);
    }
    expect(statuses[0]).not.toBe(429);
    expect(statuses.slice(1).filter((status) => status !== 429)).toEqual([]);
    expect((await askFrom(app, '198.51.100.1, 203.0.113.10')).status).not.toBe(429);
  });

  it('count TRUST_PROXY=<n> proxies from the right', async () => {
    const app = await appWith({ RATE_LIMIT_PER_IP_PER_MINUTE: '1', TRUST_PROXY: '2' });
    expect((await askFrom(app, 'forged-1, 203.0.113.20, 10.0.0.2')).status).not.toBe(429);
    expect((await askFrom(app, 'forged-2, 203.0.113.20, 10.0.0.3')).status).toBe(429);
    expect((await askFrom(app, '203.0.113.21, 10.0.0.2')).status).not.toBe(429);
  });

  it('ignore X-Forwarded-For entirely without TRUST_PROXY', async () => {
    const app = await appWith({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    expect((await askFrom(app, '203.0.113.30')).status).not.toBe(429);
    expect((await askFrom(app, '203.0.113.31')).status).toBe(429);
  });

  it('do not throttle an open server (no keys) unless a limit is set', async () => {
    const app = await appWith({});
    const statuses = new Set<number>();
    for (let index = 0; index < 80; index++) statuses.add((await askFrom(app, '203.0.113.40')).status);
    expect(statuses.has(429)).toBe(false);
  });

  it('apply the default per-address limit once keys are configured', async () => {
    const app = await appWith({ WIDGET_KEYS: `portal-key=${portal}` });
    const statuses: number[] = [];
    for (let index = 0; index < 61; index++) statuses.push((await askFrom(app, '203.0.113.50')).status);
    expect(statuses.slice(0, 60)).not.toContain(429);
    expect(statuses[60]).toBe(429);
  });

  it('do not count reads such as passages', async () => {
    const app = await appWith({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    for (let index = 0; index < 3; index++) expect((await app.request(passagePath)).status).toBe(200);
  });
});
