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
