/**
 * Each citation marker stands for the span that supports its own sentence: two sentences citing one passage show two
 * different spans, on every surface that reads `spansOfCitation` or `createMarkerSpanReader`.
 */
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import { testPassage } from '../helpers/passages.js';
import { createMarkerSpanReader, spansOfCitation } from '../../src/answer/cited-spans.js';
import { verifyAnswer } from '../../src/answer/verify.js';

const text =
  'The harbour authority inspects every ferry twice a year. Inspectors may suspend a ferry licence at once when lifeboats are missing. Appeals go to the regional maritime court within thirty days.';

const passage: Passage = testPassage('harbour-code#s-4', {
  text,
  start: 100,
  end: 100 + text.length,
  heading: 'Harbour Code › Section 4',
  title: 'Harbour Code',
  publisher: 'Harbour Office',
  url: 'https://example.org/harbour',
  contentHash: 'x',
});
const other: Passage = { ...passage, id: 'harbour-code#s-5', text: 'Fees are set each spring by the port board.' };

const answer =
  'Inspectors may suspend a ferry licence at once when lifeboats are missing [1]. Appeals go to the regional maritime court within thirty days [1]. Fees are set each spring by the port board [2].';

describe('cited spans', () => {
  const verified = verifyAnswer(answer, [passage, other]);
  const record = { answer: verified.answer, citations: verified.citations, sentences: verified.sentences };

  it('gives each marker of one passage the span of its own sentence', () => {
    const read = createMarkerSpanReader(record);
    const first = read(1)!;
    const second = read(1)!;
    expect(first.quote).toBe('Inspectors may suspend a ferry licence at once when lifeboats are missing.');
    expect(second.quote).toBe('Appeals go to the regional maritime court within thirty days.');
    expect(text.slice(first.start - passage.start, first.end - passage.start)).toBe(first.quote);
    expect(read(2)!.quote).toBe('Fees are set each spring by the port board.');
  });

  it('lists the distinct spans a citation stands for, in reading order', () => {
    expect(spansOfCitation(record, 1).map((span) => span.quote)).toEqual([
      'Inspectors may suspend a ferry licence at once when lifeboats are missing.',
      'Appeals go to the regional maritime court within thirty days.',
    ]);
  });

  it("falls back to the citation's quote for records without per-sentence spans", () => {
    const older = { ...record, sentences: record.sentences.map(({ quotes: _quotes, ...rest }) => rest) };
    const read = createMarkerSpanReader(older);
    const citation = record.citations.find((item) => item.n === 1)!;
    expect(read(1)!.quote).toBe(citation.quote);
    expect(spansOfCitation(older, 1)).toEqual([{ quote: citation.quote, start: citation.start, end: citation.end }]);
  });
});
