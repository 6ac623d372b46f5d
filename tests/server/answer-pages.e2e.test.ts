/**
 * The answer page in headless Chromium over a hostile corpus: it lays out as a readable page (question, answer,
 * sources with quotes), markup from the corpus stays inert text and runs nothing, and the screenshot shows it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../src/answer/record.js';
import { requireChromium } from '../helpers/requirements.js';
import { launchBrowser, screenshotDir, startApp, type RunningApp } from '../widget/browser-harness.js';

const chromium = requireChromium();

describe.skipIf(!chromium.available)('the answer page in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ corpusDir: path.resolve('tests/fixtures/hostile-corpus') });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders a readable, inert page and a screenshot of it', async () => {
    const response = await fetch(`${app.origin}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'What did Contoso Cloud disclose about the breach of its storage service?' }),
    });
    const record = (await response.json()) as AnswerRecord;
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.origin}/answers/${record.id}`);
    await page.locator('h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe(record.question);
    expect(await page.locator('.answer').textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('ol.sources li').count()).toBe(record.citations.length);
    const layout = await page.evaluate(() => {
      const answer = document.querySelector('.answer')!.getBoundingClientRect();
      return {
        answerWidth: Math.round(answer.width),
        answerHeight: Math.round(answer.height),
        fontSize: getComputedStyle(document.body).fontSize,
        ran: (window as unknown as { __hostile?: string }).__hostile ?? null,
        injected: document.querySelectorAll('img, script, iframe, object').length,
      };
    });
    expect(layout.ran).toBeNull();
    expect(layout.injected).toBe(0);
    expect(layout.fontSize).toBe('16px');
    expect(layout.answerWidth).toBeGreaterThan(400);
    expect(layout.answerHeight).toBeGreaterThan(40);
    // Clicking a marker goes to its source.
    await page.locator('.answer a.citation').first().click();
    expect(page.url()).toContain('#source-1');

    const file = path.join(screenshotDir, 'answer-page.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A page with text and coloured blocks compresses far less than a blank one.
    expect(png.length).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
