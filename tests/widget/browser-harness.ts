/**
 * Real-browser harness for the widget: the real app over a real assistant on a real port, a separate host-page
 * server (another origin, as a customer's site would be) and headless Debian Chromium through playwright-core.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from '../helpers/requirements.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

export const screenshotDir = path.resolve('tests/screenshots');
export const alibabaQuestion = 'Is Alibaba Cloud a security risk to Western companies?';

export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A free local port, so the app's own origin can be listed in its widget keys before it starts. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningApp {
  test: TestAssistant;
  origin: string;
  close(): Promise<void>;
}

export async function startApp(options: {
  corpusDir?: string;
  dataDir?: string;
  settings?: (appOrigin: string) => Record<string, string>;
}): Promise<RunningApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const test = await createTestAssistant({
    corpusDir: options.corpusDir,
    dataDir: options.dataDir,
    settings: { PUBLIC_URL: origin, ...options.settings?.(origin) },
  });
  const server: ServerType = serve({ fetch: test.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    test,
    origin,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.cleanup();
    },
  };
}

/**
 * A customer's site on another origin. `/` embeds the widget with the given key; query parameters pick the app,
 * the mode and the key, so one server serves every page the tests need. Reached as 127.0.0.1 (an allowed origin)
 * or as localhost (an origin no key lists).
 */
export async function startHostSite(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const app = url.searchParams.get('app') ?? '';
    const key = url.searchParams.get('key') ?? '';
    const mode = url.searchParams.get('mode') ?? 'inline';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Customer portal</title>
<style>body{margin:0;font:16px Georgia,serif;background:#f3f1ea} main{max-width:1100px;margin:0 auto;padding:24px;display:grid;grid-template-columns:1fr 420px;gap:24px}
@media (max-width:700px){main{grid-template-columns:1fr}} button,textarea,p,div{color:red!important;font-size:30px!important}</style></head>
<body><main><article><h1>Supplier onboarding</h1><p>Internal wiki page.</p></article><aside id="slot"></aside></main>
<script src="${app}/widget.js" data-key="${key}" data-mode="${mode}" ${mode === 'inline' ? 'data-target="#slot"' : ''}
 data-title="Supplier risk assistant"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The widget's shadow content (Playwright's CSS locators pierce open shadow roots). */
export function widget(page: Page): Locator {
  return page.locator('diligence-chat');
}

export async function ask(page: Page, question: string): Promise<void> {
  const input = widget(page).locator('textarea.input');
  await input.fill(question);
  await input.press('Enter');
}

/** Waits for the latest answer to finish (its actions bar or a notice appears). */
export async function waitForAnswer(page: Page): Promise<Locator> {
  const last = widget(page).locator('.message.assistant:not(.greeting)').last();
  await last.locator('.actions, .notice').first().waitFor({ timeout: 60_000 });
  return last;
}

/** Clicks at the centre of an element: the launcher is fixed-position inside a shadow root. */
export async function clickAt(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Whether the element has focus (`:focus` also matches inside a shadow root). */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((node) => node.matches(':focus'));
}
