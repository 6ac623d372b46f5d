import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeedbackStore } from '../../src/store/feedback-store.js';
import {
  alibabaQuestion,
  ask,
  clickAt,
  launchBrowser,
  screenshotDir,
  startApp,
  startHostSite,
  isFocused,
  waitForAnswer,
  widget,
  type RunningApp,
} from './browser-harness.js';
import { requireChromium } from '../helpers/requirements.js';

const chromium = requireChromium();
let browser: Browser;
let app: RunningApp;
let host: Awaited<ReturnType<typeof startHostSite>>;
let allowedPage: string;
let unknownOriginPage: string;

const shot = (name: string) => path.join(screenshotDir, `${name}.png`);

beforeAll(async () => {
  if (!chromium.available) return;
  [browser, host] = await Promise.all([launchBrowser(), startHostSite()]);
  const hostOrigin = `http://127.0.0.1:${host.port}`;
  // Bearer keys are on, so every widget call below proves the widget key path works without them.
  app = await startApp({
    settings: (appOrigin) => ({
      API_KEYS: 'server-secret',
      WIDGET_KEYS: `site-key=${hostOrigin}|${appOrigin}`,
      // Slow the local model's stream a little so the browser sees the answer arrive in parts.
      LOCAL_STREAM_DELAY_MS: '3',
    }),
  });
  const query = `?app=${encodeURIComponent(app.origin)}&key=site-key`;
  allowedPage = `${hostOrigin}/${query}`;
  unknownOriginPage = `http://localhost:${host.port}/${query}`;
});

afterAll(async () => {
  if (!chromium.available) return;
  await browser?.close();
  await host?.close();
  await app?.close();
});

async function newPage(options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, ...options });
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

describe.skipIf(!chromium.available)('the widget in a real browser', () => {
  it('streams the answer to the Alibaba Cloud question on the demo page, with citation chips and sources', async () => {
    const page = await newPage();
    await page.goto(`${app.origin}/`);
    await expect.poll(() => page.locator('button.ask').first().textContent()).toBe(alibabaQuestion);
    await page.screenshot({ path: shot('demo-page') });

    await clickAt(page, widget(page).locator('.launcher'));
    await expect.poll(() => isFocused(widget(page).locator('textarea.input'))).toBe(true);
    // Record every rendering of the answer while it streams.
    await page.evaluate(() => {
      const root = document.querySelector('diligence-chat')!.shadowRoot!;
      const seen: number[] = [];
      Object.assign(window, { streamedLengths: seen });
      new MutationObserver(() => {
        const streaming = root.querySelector('.message.streaming .answer');
        if (streaming) seen.push(streaming.textContent?.length ?? 0);
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    await widget(page).locator('.suggestion').first().click();
    await widget(page).locator('.message.streaming').waitFor();
    const answer = await waitForAnswer(page);
    await page.screenshot({ path: shot('alibaba-answer-desktop') });

    const streamed = (
      await page.evaluate(() => (window as unknown as { streamedLengths: number[] }).streamedLengths)
    ).filter((length) => length > 0);
    expect(streamed.length).toBeGreaterThan(0);
    const finalText = (await answer.locator('.answer').textContent()) ?? '';
    expect(finalText).toMatch(/Alibaba/);
    expect(Math.min(...streamed)).toBeLessThan(finalText.length);

    const chips = answer.locator('.answer button.chip');
    expect(await chips.count()).toBeGreaterThan(0);
    await expect.poll(() => answer.locator('.sources-title').textContent()).toBe('Sources');
    expect(await answer.locator('.sources .source').count()).toBeGreaterThan(0);
    await expect.poll(() => widget(page).locator('[role="status"]').textContent()).toContain('Answer ready');
    await page.close();
  });

  it('opens a cited passage with the quote highlighted in its context', async () => {
    const page = await newPage();
    await page.goto(allowedPage);
    await ask(page, alibabaQuestion);
    const answer = await waitForAnswer(page);
    const chip = answer.locator('.answer button.chip').first();
    await chip.click();
    const viewer = widget(page).locator('.viewer');
    await viewer.locator('.passage').waitFor();
    await expect.poll(() => isFocused(viewer.locator('.close-viewer'))).toBe(true);
    const mark = (await viewer.locator('.passage mark').textContent()) ?? '';
    expect(mark.length).toBeGreaterThan(20);
    expect(await viewer.locator('.passage').textContent()).toContain(mark);
    expect(await viewer.locator('.breadcrumb').textContent()).toContain('›');
    expect(((await viewer.locator('.viewer-title').textContent()) ?? '').length).toBeGreaterThan(0);
    expect(await viewer.locator('a.source-link').getAttribute('href')).toMatch(/^https?:\/\//);
    expect(await viewer.locator('.meta .type').textContent()).toMatch(/\w/);
    // The date that fits the source, then the date the summary reflects.
    expect(await viewer.locator('.meta .date').textContent()).toMatch(/\d{4} · as of \d{1,2} \w+ \d{4}$/);
    await page.screenshot({ path: shot('citation-passage') });

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(chip)).toBe(true);
    await page.close();
  });

  it('shows a refusal as such, with the reason and the closest sources', async () => {
    const page = await newPage();
    await page.goto(allowedPage);
    await ask(page, 'What is the best pizza in Naples?');
    const answer = await waitForAnswer(page);
    const notice = answer.locator('.notice');
    await expect
      .poll(() => notice.locator('.notice-title').textContent())
      .toMatch(/Outside what this assistant covers|Not enough evidence in the sources/);
    expect(((await notice.locator('.notice-text').textContent()) ?? '').length).toBeGreaterThan(10);
    if ((await answer.locator('.source').count()) > 0) {
      await expect.poll(() => answer.locator('.sources-title').textContent()).toBe('Closest sources');
    }
    expect(await answer.locator('.answer button.chip').count()).toBe(0);
    await page.screenshot({ path: shot('refusal') });
    await page.close();
  });

  it('refuses an origin that no widget key allows', async () => {
    const page = await newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(unknownOriginPage);
    await ask(page, alibabaQuestion);
    const answer = await waitForAnswer(page);
    await answer.locator('.notice.error').waitFor({ state: 'visible' });
    expect(await answer.locator('.answer').count()).toBe(0);
    // The browser blocks the refused call (no CORS headers), so the widget only sees a failed request.
    expect(failed).toContain(`${app.origin}/api/chat`);
    await page.screenshot({ path: shot('unknown-origin') });
    await page.close();

    const direct = await fetch(`${app.origin}/api/chat`, {
      method: 'POST',
      headers: {
        Origin: new URL(unknownOriginPage).origin,
        'X-Widget-Key': 'site-key',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: alibabaQuestion }] }] }),
    });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('fits a phone screen, opened and closed from the keyboard', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${allowedPage}&mode=launcher`);
    const launcher = widget(page).locator('.launcher');
    await launcher.focus();
    await page.keyboard.press('Enter');
    const panel = widget(page).locator('.panel');
    await panel.waitFor({ state: 'visible' });
    const box = (await panel.boundingBox())!;
    expect(box.width).toBeCloseTo(390, 0);
    expect(box.height).toBeCloseTo(844, 0);
    await ask(page, alibabaQuestion);
    await waitForAnswer(page);
    const overflow = await page.evaluate(() => {
      const messages = document.querySelector('diligence-chat')!.shadowRoot!.querySelector('.messages')!;
      return messages.scrollWidth - messages.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: shot('alibaba-answer-phone') });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(launcher)).toBe(true);
    await page.close();
  });

  it('keeps the conversation across a reload, and resets it on request', async () => {
    const page = await newPage();
    await page.goto(allowedPage);
    await ask(page, alibabaQuestion);
    await waitForAnswer(page);
    await page.reload();
    await expect.poll(() => widget(page).locator('.message.user .bubble').allTextContents()).toEqual([alibabaQuestion]);
    expect(await widget(page).locator('.message.assistant:not(.greeting) button.chip').count()).toBeGreaterThan(0);
    await widget(page).getByRole('button', { name: 'Start a new conversation' }).click();
    await expect.poll(() => widget(page).locator('.message.user').count()).toBe(0);
    await page.reload();
    await expect.poll(() => widget(page).locator('.message.user').count()).toBe(0);
    await page.close();
  });

  it('stores thumbs-up feedback with its comment and the answer id', async () => {
    const page = await newPage();
    await page.goto(allowedPage);
    await ask(page, alibabaQuestion);
    const answer = await waitForAnswer(page);
    await answer.getByRole('button', { name: 'Helpful answer', exact: true }).click();
    await answer.locator('.feedback-form textarea').fill('Useful for the Q1 review.');
    await answer.getByRole('button', { name: 'Send feedback' }).click();
    await expect.poll(() => answer.locator('.actions .note').textContent()).toBe('Thanks for the feedback.');
    await page.screenshot({ path: shot('feedback') });

    const answerId = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find(
        (name) => name.startsWith('diligence-chat:') && !name.endsWith(':open'),
      );
      const stored = JSON.parse(sessionStorage.getItem(key!)!) as { messages: { record?: { id: string } }[] };
      return stored.messages.at(-1)!.record!.id;
    });
    const store = await openFeedbackStore(app.test.dataDir);
    const feedback = await store.list(answerId);
    await store.close();
    expect(feedback).toEqual([
      expect.objectContaining({ answerId, rating: 'up', comment: 'Useful for the Q1 review.' }),
    ]);
    await page.close();
  });

  it('offers a retry after a network error', async () => {
    const page = await newPage();
    await page.goto(allowedPage);
    await page.route(`${app.origin}/api/chat`, (route) => route.abort('internetdisconnected'));
    await ask(page, alibabaQuestion);
    const failed = await waitForAnswer(page);
    await expect.poll(() => failed.locator('.notice-title').textContent()).toBe('Connection problem');
    await page.unroute(`${app.origin}/api/chat`);
    await failed.getByRole('button', { name: 'Try again' }).click();
    const answer = await waitForAnswer(page);
    expect(await answer.locator('.answer button.chip').count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe.skipIf(!chromium.available)('the widget over a hostile corpus', () => {
  let hostile: RunningApp;

  beforeAll(async () => {
    hostile = await startApp({ corpusDir: path.resolve('tests/fixtures/hostile-corpus') });
  });

  afterAll(async () => {
    await hostile?.close();
  });

  it('shows markup from answers, titles and passages as inert text', async () => {
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${host.port}/?app=${encodeURIComponent(hostile.origin)}`);
    await ask(page, 'What did Contoso Cloud disclose about the breach of its storage service?');
    const answer = await waitForAnswer(page);
    expect(await answer.locator('.answer').textContent()).toContain('<img src=x onerror=');
    await answer.locator('.answer button.chip').first().click();
    const viewer = widget(page).locator('.viewer');
    await viewer.locator('.passage').waitFor();
    expect(await viewer.locator('.passage').textContent()).toContain("<script>window.__hostile='script'</script>");
    expect(await viewer.locator('.viewer-title').textContent()).toContain('<img');
    await page.screenshot({ path: shot('hostile-corpus-inert') });

    const injected = await page.evaluate(() => {
      const root = document.querySelector('diligence-chat')!.shadowRoot!;
      return {
        elements: root.querySelectorAll('img, script, iframe, object').length,
        handlers: [...root.querySelectorAll('*')].filter((node) =>
          [...node.attributes].some((attribute) => attribute.name.startsWith('on')),
        ).length,
        ran: (window as unknown as { __hostile?: string }).__hostile ?? null,
      };
    });
    expect(injected).toEqual({ elements: 0, handlers: 0, ran: null });
    await page.close();
  });
});

describe.skipIf(!chromium.available)('rate limits in the widget', () => {
  let limited: RunningApp;

  beforeAll(async () => {
    limited = await startApp({ dataDir: app.test.dataDir, settings: () => ({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' }) });
  });

  afterAll(async () => {
    await limited?.close();
  });

  it('explains a 429 politely and says when to ask again', async () => {
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${host.port}/?app=${encodeURIComponent(limited.origin)}`);
    await ask(page, alibabaQuestion);
    await waitForAnswer(page);
    await ask(page, 'And what about Huawei?');
    const answer = await waitForAnswer(page);
    await expect.poll(() => answer.locator('.notice-title').textContent()).toBe('Please slow down a little');
    await expect.poll(() => answer.locator('.notice-text').textContent()).toMatch(/ask again in \d+ s/);
    expect(await answer.getByRole('button', { name: 'Try again' }).isDisabled()).toBe(true);
    await page.screenshot({ path: shot('rate-limited') });
    await page.close();
  });
});
