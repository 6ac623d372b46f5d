/**
 * Term proximity re-ranks a full-text list: a passage where the question's neighbouring words stand close together
 * rises above one with the same words scattered, pairs of rare words count more than pairs of common ones, and a
 * weight of 0 or a question without word pairs leaves the list as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import type { RankedCandidate } from '../../src/index/search-backend.js';
import { termRarityOf } from '../../src/retrieve/feedback.js';
import { proximityList, proximityReranked } from '../../src/retrieve/proximity.js';
import { proximitySettings } from '../../src/retrieve/hybrid-search.js';
import type { Retriever } from '../../src/retrieve/types.js';
import { openFullTextFixture, type FullTextFixture } from '../helpers/full-text-fixture.js';
import { testPassage } from '../helpers/passages.js';
import { guidanceDocument } from '../index/fixture-corpus.js';

const hit = (id: string, score: number, text: string): RankedCandidate => ({
  id,
  score,
  passage: testPassage(id, { text }),
});

const scattered = hit(
  'harbour#1',
  10,
  'A pilot boards each vessel. Licence fees are set yearly by the port. Its master plan for the harbour may suspend dredging.',
);
const together = hit('harbour#2', 9, 'The harbour master may suspend the licence of a pilot who breaches the rules.');
const unrelated = hit('harbour#3', 4, 'Fees are published in the gazette.');
const ids = (list: RankedCandidate[]) => list.map((candidate) => candidate.id);

describe('term proximity', () => {
  it("puts a passage with the question's words side by side above one that scatters them", () => {
    const list = [scattered, together, unrelated];
    const question = 'Can the harbour master suspend a pilot licence?';
    expect(ids(proximityReranked(question, list, { weight: 0.3, window: 3 }))).toEqual([
      'harbour#2',
      'harbour#1',
      'harbour#3',
    ]);
    // A light weight does not overturn a clear BM25 lead.
    const far = [{ ...scattered, score: 20 }, together, unrelated];
    expect(ids(proximityReranked(question, far, { weight: 0.1, window: 3 }))).toEqual(ids(far));
  });

  it('counts distance in words, stop words included', () => {
    const list = [
      hit('a#1', 10, 'suspend then later on after much delay a licence'),
      hit('a#2', 9.9, 'suspend a licence then later on after much delay'),
    ];
    expect(ids(proximityReranked('suspend licence', list, { weight: 0.2, window: 2 }))).toEqual(['a#2', 'a#1']);
    expect(ids(proximityReranked('suspend licence', list, { weight: 0.2, window: 20 }))).toEqual(['a#1', 'a#2']);
  });

  it('weights a pair by the rarity of its words, so a common pair counts for little', () => {
    const corpus = termRarityOf([
      ...Array.from({ length: 30 }, (_, index) => ({ text: `The authority shall publish notice ${index}.` })),
      { text: 'An exit plan for outsourcing.' },
    ]);
    const list = [
      hit('a#1', 10, 'The authority and the notice it shall publish; an outsourcing contract with a plan to exit.'),
      hit('a#2', 9.5, 'The outsourcing exit plan is kept; the authority is told; then a notice goes out.'),
    ];
    const question = 'authority notice outsourcing exit plan';
    // Unweighted, each passage has two of the four pairs together; by rarity the rare pairs decide.
    expect(ids(proximityReranked(question, list, { weight: 0.2, window: 1 }, corpus))).toEqual(['a#2', 'a#1']);
  });

  it('leaves the list as it is at weight 0, for a one-word question, and for hits without passages', () => {
    const list = [scattered, together, unrelated];
    expect(ids(proximityReranked('harbour master suspend', list, { weight: 0, window: 8 }))).toEqual(ids(list));
    expect(ids(proximityReranked('pilot', list, { weight: 1, window: 8 }))).toEqual(ids(list));
    const bare = list.map(({ id, score }) => ({ id, score }));
    expect(ids(proximityReranked('harbour master suspend', bare, { weight: 1, window: 8 }))).toEqual(ids(list));
  });
});

describe('a hybrid search with term proximity, over a real index', () => {
  let fixture: FullTextFixture;
  let index: Retriever;
  let withProximity: Retriever;

  beforeAll(async () => {
    fixture = await openFullTextFixture('guides/harbour.md', harbourGuide, { proximity: true });
    ({ index, retriever: withProximity } = fixture);
  });
  afterAll(() => fixture.cleanup());

  const question = 'Can the harbour master suspend a pilot licence?';
  const first = async (retriever: Retriever, method: 'hybrid' | 'fulltext') =>
    (await retriever.search(question, { method })).hits[0]?.passage.id;

  it('is off unless configured', () => {
    expect(fixture.corpus.config.searchProximity).toBe(false);
    expect(testConfig({ SEARCH_PROXIMITY: 'on' }).searchProximity).toBe(true);
  });

  it('puts the passage with the words together first, where BM25 alone prefers the one repeating them apart', async () => {
    expect(await first(index, 'hybrid')).toBe('harbour-guide#dues');
    expect(await first(withProximity, 'hybrid')).toBe('harbour-guide#suspension');
    // A full-text search stays plain BM25, the baseline hybrid search is measured against.
    expect(await first(withProximity, 'fulltext')).toBe('harbour-guide#dues');
  });

  it('can fuse the proximity order as a list of its own', async () => {
    const saved = { ...proximitySettings };
    try {
      Object.assign(proximitySettings, { combine: 'fuse', weight: 1 });
      expect(await first(withProximity, 'hybrid')).toBe('harbour-guide#suspension');
    } finally {
      Object.assign(proximitySettings, saved);
    }
    const list = proximityList(question, [scattered, together, unrelated], { window: 3 });
    expect(ids(list)).toEqual(['harbour#2']);
  });
});

const harbourGuide = guidanceDocument(
  {
    id: 'harbour-guide',
    title: 'Harbour rules',
    publisher: 'Example Port Authority',
    url: 'https://example.org/harbour',
  },
  `## Dues {#dues}

Harbour dues are paid yearly. Harbour works close in winter. The master of each vessel reports, and a master
signs. Licence fees rise in spring; a licence is renewed. Officials may suspend dredging while storms last, and
they suspend berthing on public holidays in summer. A pilot boards each vessel, and a pilot leaves it later.

## Suspension {#suspension}

Under the port bylaws adopted after a long public consultation with the shipping community, the local residents
and the regional council, the harbour master may suspend the licence of a pilot, and every such decision is
recorded in the port register that the office keeps open to the public.

## Moorings {#moorings}

Moorings are assigned by the port office.
`,
);
