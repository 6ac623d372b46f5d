/** Words and phrases given as data, matched as patterns. */
import { describe, expect, it } from 'vitest';
import { phrasePattern } from '../../src/text/phrases.js';

describe('a list of words or phrases', () => {
  it('matches whole words, case-insensitively, a trailing * standing for any ending', () => {
    const pattern = phrasePattern(['alleg*', 'could not verify', 'SOC 2']);
    expect(pattern.test('Regulators alleged that the data left the country.')).toBe(true);
    expect(pattern.test('The allegations were denied.')).toBe(true);
    expect(pattern.test('Reporters Could  Not Verify the memo.')).toBe(true);
    expect(pattern.test('The firm holds a SOC 2 report.')).toBe(true);
    expect(pattern.test('Mr Gallegos wrote the memo.')).toBe(false);
    expect(pattern.test('They did not verify it.')).toBe(false);
    expect(pattern.test('SOC 23 is another scheme.')).toBe(false);
    expect(pattern.test('The firm holds a SOC-2 report.')).toBe(true);
  });

  it('never matches when the list is empty, and finds every occurrence with the g flag', () => {
    expect(phrasePattern([]).test('anything at all')).toBe(false);
    const found = [...'FedRAMP and TISAX, then fedramp again'.matchAll(phrasePattern(['FedRAMP', 'TISAX'], 'g'))];
    expect(found.map((match) => match[0])).toEqual(['FedRAMP', 'TISAX', 'fedramp']);
  });
});
