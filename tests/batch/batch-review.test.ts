/**
 * The columns a reviewer scans first: `short_answer` (the lead sentence with its markers, at most about 300
 * characters) and `review_status` (`needs_review` for what to check first, `draft` otherwise).
 */
import { describe, expect, it } from 'vitest';
import type { SentenceSupport } from '../../src/answer/record.js';
import { reviewStatus, reviewSupportThreshold, shortAnswer, shortAnswerLength } from '../../src/batch/review.js';
import { answerRecord } from '../helpers/answer-records.js';

const claim = (supported: boolean): SentenceSupport => ({
  text: 'Transfers out of the PRC need a security assessment [1].',
  citations: [1],
  support: supported ? 0.9 : 0.2,
  supported,
  kind: 'claim',
});

describe('review status of a batch row', () => {
  it('asks for review of abstentions, unsupported sentences and low support, and leaves the rest as drafts', () => {
    const wellSupported = reviewSupportThreshold + 0.05;
    expect(reviewStatus(answerRecord({ sentences: [claim(true)] }), wellSupported)).toBe('draft');
    expect(reviewStatus(answerRecord({ status: 'insufficient_evidence', citations: [] }), 1)).toBe('needs_review');
    expect(reviewStatus(answerRecord({ status: 'out_of_scope', citations: [] }), 1)).toBe('needs_review');
    expect(
      reviewStatus(answerRecord({ sentences: [claim(true), claim(false)], unsupportedSentences: 1 }), wellSupported),
    ).toBe('needs_review');
    // Every sentence supported, but only just: read before the drafts.
    expect(reviewStatus(answerRecord({ sentences: [claim(true)] }), reviewSupportThreshold - 0.01)).toBe(
      'needs_review',
    );
  });
});

describe('short answer of a batch row', () => {
  it('is the lead sentence with its markers', () => {
    expect(shortAnswer('PRC law can require data to be provided [1]. Transfers need an assessment [2].')).toBe(
      'PRC law can require data to be provided [1].',
    );
  });

  it('cuts a long lead at a word, keeping its markers, within the limit', () => {
    const lead = `${'The provider must keep the records of every request it receives from the authorities '.repeat(6)}[1][3].`;
    const short = shortAnswer(`${lead} Another sentence [2].`);
    expect(short.length).toBeLessThanOrEqual(shortAnswerLength);
    expect(short.endsWith('… [1][3]')).toBe(true);
    expect(lead.startsWith(short.slice(0, short.indexOf('…')))).toBe(true);
  });
});
