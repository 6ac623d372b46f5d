import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankedCandidate } from '../../src/index/search-backend.js';
import { feedbackTerms, sampleIds, termRarityOf } from '../../src/retrieve/feedback.js';
import { feedbackSettings } from '../../src/retrieve/hybrid-search.js';
import type { Retriever } from '../../src/retrieve/types.js';
import { testConfig } from '../../src/config.js';
import { openFullTextFixture, type FullTextFixture } from '../helpers/full-text-fixture.js';
import { testPassage } from '../helpers/passages.js';
import { guidanceDocument } from '../index/fixture-corpus.js';

const hit = (id: string, score: number, text: string): RankedCandidate => ({
  id,
  score,
  passage: testPassage(id, { text }),
});

/** A corpus where "authority" and "shall" are everywhere and the rest is rare. */
const corpus = termRarityOf([
  ...Array.from({ length: 20 }, (_, index) => ({ text: `The authority shall publish notice ${index}.` })),
  { text: 'An outsourcing contract needs an exit plan.' },
  { text: 'Transition arrangements for a substitute provider.' },
]);

const hits = [
  hit('a#1', 9, 'The outsourcing contract shall set out an exit plan and transition arrangements, exit plans tested.'),
  hit('a#2', 6, 'The authority shall review the exit plan and the transition arrangements yearly (Rule 12.2).'),
  hit('b#1', 1, 'The authority shall publish fees.'),
  hit('c#1', 0.5, 'Unrelated words about fees.'),
];

describe('pseudo-relevance feedback terms', () => {
  const settings = { documents: 2, terms: 3 };

  it('takes the words the leading hits share and the corpus rarely uses, not the query words', () => {
    const terms = feedbackTerms('termination of an outsourcing contract', hits, settings, corpus);
    expect(terms.slice(0, 2)).toEqual(['exit', 'plan']);
    expect(['arrangements', 'transition']).toContain(terms[2]);
  });

  it('compares words by stem and sends the form the hits use most', () => {
    // "plans" in the question is "plan" in the hits: not an expansion word.
    expect(feedbackTerms('outsourcing contract plans', hits, settings, corpus)).not.toContain('plan');
    expect(feedbackTerms('outsourcing contract', hits, { documents: 2, terms: 10 }, corpus)).not.toContain('plans');
  });

  it('leaves out stop words, numbers and words every passage uses', () => {
    const terms = feedbackTerms('outsourcing contract', hits, { documents: 2, terms: 20 }, corpus);
    expect(terms).not.toContain('the');
    expect(terms).not.toContain('12');
    expect(terms.indexOf('authority')).toBeGreaterThan(terms.indexOf('transition'));
  });

  it('weights a hit by its share of the scores: the best hit decides first', () => {
    const skewed = [hit('x#1', 100, 'Custody rules.'), hit('x#2', 1, 'Whistleblowing rules.'), ...hits];
    const rare = termRarityOf([{ text: 'custody whistleblowing' }, { text: 'other' }]);
    expect(feedbackTerms('rules', skewed, { documents: 2, terms: 2 }, rare)).toEqual(['custody', 'whistleblowing']);
  });

  it('is off at zero documents or terms, and when the list is no longer than the documents read', () => {
    expect(feedbackTerms('outsourcing', hits, { documents: 0, terms: 5 }, corpus)).toEqual([]);
    expect(feedbackTerms('outsourcing', hits, { documents: 2, terms: 0 }, corpus)).toEqual([]);
    expect(feedbackTerms('outsourcing', hits.slice(0, 2), settings, corpus)).toEqual([]);
  });

  it('samples passage ids evenly and the same way every time', () => {
    const ids = Array.from({ length: 10 }, (_, index) => `p${index}`);
    expect(sampleIds(ids, 5)).toEqual(['p0', 'p2', 'p4', 'p6', 'p8']);
    expect(sampleIds(ids, 20)).toEqual(ids);
  });
});

describe('a hybrid search with feedback, over a real index', () => {
  let fixture: FullTextFixture;
  let index: Retriever;
  let withFeedback: Retriever;
  const saved = { ...feedbackSettings };

  beforeAll(async () => {
    fixture = await openFullTextFixture('guides/outsourcing.md', outsourcingGuide, { feedback: true });
    ({ index, retriever: withFeedback } = fixture);
  });

  afterAll(async () => {
    Object.assign(feedbackSettings, saved);
    await fixture.cleanup();
  });

  const question = 'What must an outsourcing agreement contain?';
  const ids = async (retriever: Retriever, method: 'hybrid' | 'fulltext') =>
    (await retriever.search(question, { method })).hits.map((hit) => hit.passage.id);
  const continuity = 'outsourcing-guide#continuity';

  it('is off unless configured', () => {
    expect(fixture.corpus.config.searchFeedback).toBe(false);
    expect(testConfig({ SEARCH_FEEDBACK: 'on' }).searchFeedback).toBe(true);
  });

  it('finds a passage that shares no word with the question but the words of its best hit', async () => {
    expect(await ids(index, 'hybrid')).not.toContain(continuity);
    for (const combine of ['replace', 'fuse'] as const) {
      for (const termWeights of ['equal', 'relevance'] as const) {
        Object.assign(feedbackSettings, { documents: 1, terms: 5, weight: 0.3, combine, termWeights });
        const found = await ids(withFeedback, 'hybrid');
        expect(found).toContain(continuity);
        expect(found[0]).toBe('outsourcing-guide#exit');
      }
    }
  });

  it('leaves a full-text search plain BM25, the baseline hybrid search is measured against', async () => {
    Object.assign(feedbackSettings, { documents: 1, terms: 5, weight: 0.3, combine: 'replace', termWeights: 'equal' });
    expect(await ids(withFeedback, 'fulltext')).not.toContain(continuity);
  });
});

const outsourcingGuide = guidanceDocument(
  {
    id: 'outsourcing-guide',
    title: 'Operational resilience guide',
    publisher: 'Example Authority',
    url: 'https://example.org/outsourcing',
  },
  `## Exit {#exit}

An outsourcing agreement must contain an exit plan and transition arrangements, so that the outsourced function
moves to a substitute provider without disruption.

## Scope {#scope}

This guide applies to every outsourcing agreement of a regulated firm.

## Continuity {#continuity}

The exit plan names a substitute provider and tests the transition arrangements every year.
`,
);
