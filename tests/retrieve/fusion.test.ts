import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src/retrieve/fusion.js';

const list = (...ids: string[]) => ids.map((id, index) => ({ id, score: 10 - index }));

describe('weighted reciprocal-rank fusion', () => {
  it('adds 1 / (k + rank) from each list a candidate appears in', () => {
    const fused = fuseRankings(list('a', 'b'), list('b', 'c'), { k: 60 });
    const byId = Object.fromEntries(fused.map((candidate) => [candidate.id, candidate]));
    expect(byId.a!.score).toBeCloseTo(1 / 61);
    expect(byId.b!.score).toBeCloseTo(1 / 62 + 1 / 61);
    expect(byId.c!.score).toBeCloseTo(1 / 62);
    expect(fused.map((candidate) => candidate.id)).toEqual(['b', 'a', 'c']);
    expect(byId.b).toMatchObject({ fulltextRank: 2, vectorRank: 1, fulltextScore: 9, vectorScore: 10 });
  });

  it('puts the full-text candidate first when scores tie', () => {
    const fused = fuseRankings(list('text-hit'), list('vector-hit'));
    expect(fused.map((candidate) => candidate.id)).toEqual(['text-hit', 'vector-hit']);
  });

  it('with a small dense weight, promotes candidates both lists agree on but keeps vector-only ones behind', () => {
    const fulltext = list('a', 'b', 'c', 'd');
    const fused = fuseRankings(fulltext, list('z', 'd', 'b'), { vectorWeight: 0.1 });
    // d: 1/64 + 0.1/62 beats a: 1/61; z (vector only): 0.1/61 stays last.
    expect(fused.map((candidate) => candidate.id)).toEqual(['b', 'd', 'a', 'c', 'z']);
  });

  it('with dense weight 0 keeps the full-text order and appends vector-only candidates', () => {
    const fused = fuseRankings(list('a', 'b'), list('z', 'b'), { vectorWeight: 0 });
    expect(fused.map((candidate) => candidate.id)).toEqual(['a', 'b', 'z']);
  });

  it('counts a candidate once per list even if a list repeats it', () => {
    const fused = fuseRankings(list('a', 'a'), list('a'), { k: 60 });
    expect(fused).toHaveLength(1);
    expect(fused[0]!.score).toBeCloseTo(2 / 61);
  });
});

describe('convex fusion of scores', () => {
  const scored = (...entries: [string, number][]) => entries.map(([id, score]) => ({ id, score }));

  it('keeps how far apart the full-text scores are, where ranks would not', () => {
    // b is a close second in full text and first by vector; e is a distant second and first by vector.
    const close = fuseRankings(scored(['a', 10], ['b', 9.9]), scored(['b', 0.5], ['a', 0.1]), {
      mode: 'convex',
      vectorWeight: 0.3,
    });
    expect(close.map((candidate) => candidate.id)).toEqual(['b', 'a']);
    const distant = fuseRankings(scored(['a', 10], ['e', 2]), scored(['e', 0.5], ['a', 0.1]), {
      mode: 'convex',
      vectorWeight: 0.3,
    });
    expect(distant.map((candidate) => candidate.id)).toEqual(['a', 'e']);
  });

  it('puts a full-text best hit on the scale of a rank-1 reciprocal-rank contribution', () => {
    const [top] = fuseRankings(scored(['a', 7]), [], { mode: 'convex', vectorWeight: 0 });
    expect(top!.score).toBeCloseTo(1 / 61);
  });
});
