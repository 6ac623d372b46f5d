/** The date line every citation shows: the date that fits the source, with its meaning, and the as-of date. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceDateLabel, sourceDateLine } from '../../src/answer/source-dates.js';
import { toSourcePassage } from '../../src/answer/sources.js';
import { buildAnswerPrompt } from '../../src/answer/prompt.js';
import { parseAnswerPrompt } from '../helpers/answer-prompt.js';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { readDocument } from '../../src/corpus/read-document.js';

const asOf = '2025-12-01';

describe('source dates', () => {
  it('shows a law in force since its date, with a later amendment', () => {
    expect(sourceDateLine({ type: 'law', published: '2016-11-07', asOf, dates: { inForce: '2017-06-01' } })).toBe(
      'in force since 1 June 2017 · as of 1 December 2025',
    );
    expect(
      sourceDateLabel({
        type: 'law',
        published: '2017-06-27',
        asOf,
        dates: { adopted: '2017-06-27', inForce: '2017-06-28', amended: ['2018-04-27'] },
      }),
    ).toBe('in force since 28 June 2017, amended 27 April 2018');
  });

  it('says "in force from" for a date after the as-of date, and prefers a single application date', () => {
    expect(sourceDateLabel({ type: 'law', published: '2025-10-28', asOf, dates: { inForce: '2026-01-01' } })).toBe(
      'in force from 1 January 2026',
    );
    const gdpr = { inForce: '2016-05-24', appliesFrom: ['2018-05-25'] };
    expect(sourceDateLabel({ type: 'law', published: '2016-05-04', asOf, dates: gdpr })).toBe(
      'applies since 25 May 2018',
    );
    const staged = { inForce: '2024-08-01', appliesFrom: ['2025-02-02', '2026-08-02'] };
    expect(sourceDateLabel({ type: 'regulation', published: '2024-07-12', asOf, dates: staged })).toBe(
      'in force since 1 August 2024',
    );
  });

  it('shows news as reported, and a placeholder date as not confirmed', () => {
    expect(sourceDateLine({ type: 'news', published: '2025-11-14', asOf: '2025-12-15' })).toBe(
      'reported on 14 November 2025 · as of 15 December 2025',
    );
    expect(
      sourceDateLine({
        type: 'news',
        published: '2025-11-01',
        asOf: '2025-12-15',
        dates: { unconfirmed: ['published'] },
      }),
    ).toBe('date not confirmed · as of 15 December 2025');
  });

  it('falls back to what the source has: a law with only published, a file with no dates', () => {
    expect(sourceDateLabel({ type: 'law', published: '2021-06-10', asOf: '' })).toBe('published 10 June 2021');
    expect(sourceDateLine({ type: 'guidance', published: '', asOf: '' })).toBe('');
    expect(sourceDateLabel({ type: 'court', published: '2020-07-16', asOf })).toBe('decided on 16 July 2020');
  });
});

describe('source dates of shipped documents, as the answer record carries them', () => {
  const passage = async (file: string) => {
    const corpus = path.resolve('corpus');
    const document = await readDocument(path.join(corpus, file), corpus);
    if (!document.ok) throw new Error(document.error.reason);
    return chunkDocument(document.value)[0]!;
  };
  const source = async (file: string) => toSourcePassage(await passage(file), 1);

  it('gives the Qwen report, whose day is a placeholder, as "date not confirmed"', async () => {
    expect(await source('news/news-2025-11-qwen-security-risk-answer.md')).toMatchObject({
      published: '2025-11-01',
      asOf: '2025-12-15',
      dates: { unconfirmed: ['published'] },
      dateLine: 'date not confirmed · as of 15 December 2025',
    });
  });

  it('gives the Generative AI Measures as in force since 15 August 2023', async () => {
    expect((await source('prc/genai-measures-2023.md')).dateLine).toBe(
      'in force since 15 August 2023 · as of 1 December 2025',
    );
  });

  it('tells the model each passage date with its meaning, the same line the citations show', async () => {
    const prompt = buildAnswerPrompt('When?', [await passage('prc/genai-measures-2023.md')]);
    const parsed = parseAnswerPrompt([
      { role: 'user', content: [{ type: 'text', text: String(prompt.messages[0]!.content) }] },
    ]);
    expect(parsed.passages[0]!.dated).toBe('in force since 15 August 2023 · as of 1 December 2025');
  });
});
