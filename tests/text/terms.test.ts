/**
 * Term matching: the support scorer, the evidence check and the local model compare text through these terms, so
 * words that mean the same must meet and words that say nothing about the topic must not count.
 */
import { describe, expect, it } from 'vitest';
import { matchingStopWords, stopWords } from '../../src/text/stop-words.js';
import { contentTerms, stem, termWeight, tokenize } from '../../src/text/terms.js';

describe('term matching', () => {
  it('splits hyphenated and slashed words, and drops a possessive', () => {
    expect(tokenize("ISO/IEC 27001 cross-border Huawei's")).toEqual([
      'iso',
      'iec',
      '27001',
      'cross',
      'border',
      'huawei',
    ]);
  });

  it('matches Chinese by character pairs, and a Chinese article number meets "Article 7"', () => {
    expect(tokenize('数据出境')).toEqual(['数据', '据出', '出境']);
    expect(tokenize('第七条')).toEqual(['article', '7', '第七', '七条']);
    expect(contentTerms('Article 7')).toEqual(contentTerms('第七条').slice(0, 2));
  });

  it('stems the forms of a word to one term', () => {
    expect(new Set(['cooperate', 'cooperation', 'cooperating'].map(stem)).size).toBe(1);
    expect(stem('access')).toBe('access');
    expect(stem('2713')).toBe('2713');
  });

  it('reads the adjective of a people as its country', () => {
    expect(contentTerms('a French regulator')).toEqual(contentTerms("France's regulator"));
    expect(stem('chinese')).toBe(stem('china'));
    expect(stem('dutch')).toBe(stem('netherlands'));
  });

  it('drops function words and the words a request is phrased with', () => {
    expect(contentTerms('Please explain what the law says about data transfers')).toEqual(
      ['law', 'data', 'transfers'].map(stem),
    );
  });

  it('weighs numbers most and the weak words it is given (the field vocabulary’s) least; none is weak by default', () => {
    const weak = new Set([stem('harbour')]);
    expect(termWeight('2017')).toBeGreaterThan(termWeight(stem('pilot')));
    expect(termWeight(stem('harbour'), weak)).toBeLessThan(termWeight(stem('pilot'), weak));
    expect(termWeight(stem('harbour'))).toBe(termWeight(stem('pilot')));
  });
});

describe('stop words', () => {
  it('share the function words; search drops "now", term matching keeps it and drops request words', () => {
    for (const word of ['the', 'which', 'would']) expect(stopWords.has(word) && matchingStopWords.has(word)).toBe(true);
    expect(stopWords.has('now')).toBe(true);
    expect(matchingStopWords.has('now')).toBe(false);
    expect(matchingStopWords.has('explain')).toBe(true);
    expect(stopWords.has('explain')).toBe(false);
    expect(matchingStopWords.has('dont')).toBe(true);
  });
});
