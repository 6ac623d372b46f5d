import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from '../../evals/metrics/paired-bootstrap.js';
import {
  allEvidenceAtK,
  averagePrecisionAtK,
  ndcgAtK,
  recallAtK,
  reciprocalRank,
  toDocumentRanking,
  toLabelledUnits,
} from '../../evals/metrics/retrieval.js';

const gold = new Set(['a', 'b']);

describe('retrieval metrics', () => {
  it('recall@k is the share of gold ids in the top k', () => {
    expect(recallAtK(['x', 'a', 'y', 'b'], gold, 2)).toBe(0.5);
    expect(recallAtK(['x', 'a', 'y', 'b'], gold, 4)).toBe(1);
    expect(recallAtK(['x', 'y'], gold, 10)).toBe(0);
  });

  it('counts a repeated hit once', () => {
    expect(recallAtK(['a', 'a', 'x'], gold, 3)).toBe(0.5);
    // The duplicate at rank 2 earns no gain; b at rank 3 does.
    const dcg = 1 / Math.log2(2) + 1 / Math.log2(4);
    const ideal = 1 / Math.log2(2) + 1 / Math.log2(3);
    expect(ndcgAtK(['a', 'a', 'b'], gold, 10)).toBeCloseTo(dcg / ideal, 10);
  });

  it('is undefined (null) when a question has no gold passages', () => {
    const none = new Set<string>();
    expect(recallAtK(['a'], none, 10)).toBeNull();
    expect(reciprocalRank(['a'], none)).toBeNull();
    expect(ndcgAtK(['a'], none, 10)).toBeNull();
    expect(allEvidenceAtK(['a'], none, 10)).toBeNull();
  });

  it('reciprocal rank is 1 / rank of the first gold id within the cut-off', () => {
    expect(reciprocalRank(['x', 'y', 'b', 'a'], gold)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank(['x', 'y', 'b'], gold, 2)).toBe(0);
    expect(reciprocalRank(['a'], gold)).toBe(1);
  });

  it('nDCG@k with binary gains matches a hand computation', () => {
    // gold at ranks 2 and 3: DCG = 1/log2(3) + 1/log2(4); ideal = 1/log2(2) + 1/log2(3).
    const expected = (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(ndcgAtK(['x', 'a', 'b'], gold, 10)).toBeCloseTo(expected, 10);
    expect(ndcgAtK(['a', 'b'], gold, 10)).toBe(1);
    expect(ndcgAtK(['x', 'y', 'a'], gold, 2)).toBe(0);
  });

  it('nDCG ideal is capped at k when there are more gold ids than k', () => {
    const many = new Set(['a', 'b', 'c']);
    expect(ndcgAtK(['a', 'b'], many, 2)).toBe(1);
  });

  it('all-evidence@k is 1 only when every gold id is in the top k', () => {
    expect(allEvidenceAtK(['a', 'x', 'b'], gold, 3)).toBe(1);
    expect(allEvidenceAtK(['a', 'x', 'b'], gold, 2)).toBe(0);
  });

  it('maps a later part of a long unit onto the labelled unit', () => {
    const labelled = new Set(['nil-2017#art-7']);
    expect(toLabelledUnits(['nil-2017#art-7-p2', 'nil-2017#art-8-p2'], labelled)).toEqual([
      'nil-2017#art-7',
      'nil-2017#art-8-p2',
    ]);
  });

  it('collapses passages to documents, first occurrence first', () => {
    expect(toDocumentRanking([{ documentId: 'd2' }, { documentId: 'd1' }, { documentId: 'd2' }])).toEqual(['d2', 'd1']);
  });
});

describe('graded nDCG', () => {
  it('uses the grade as the gain and sorts the ideal ranking by grade', () => {
    const relevant = new Set(['a', 'b']);
    const grades = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    // Ranked a, b: DCG = 1/log2(2) + 2/log2(3); ideal b, a: 2/log2(2) + 1/log2(3).
    const expected = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));
    expect(ndcgAtK(['a', 'b'], relevant, 10, grades)).toBeCloseTo(expected, 10);
    expect(ndcgAtK(['b', 'a'], relevant, 10, grades)).toBe(1);
  });
});

describe('average precision at k (MAP@k over a set)', () => {
  it('averages the precision at each gold rank over all gold ids, as trec_eval map_cut does', () => {
    // Gold at ranks 2 and 4: (1/2 + 2/4) / 2.
    expect(averagePrecisionAtK(['x', 'a', 'y', 'b'], gold, 10)).toBeCloseTo(0.5, 10);
    expect(averagePrecisionAtK(['a', 'b'], gold, 10)).toBe(1);
  });

  it('counts a gold id below rank k as zero, and a repeated hit once', () => {
    expect(averagePrecisionAtK(['a', 'x', 'b'], gold, 2)).toBe(0.5);
    expect(averagePrecisionAtK(['a', 'a', 'x'], gold, 10)).toBe(0.5);
    expect(averagePrecisionAtK(['a'], new Set(), 10)).toBeNull();
  });
});

describe('paired bootstrap intervals', () => {
  it('finds a consistent gain significant and a coin flip not', () => {
    const control = Array.from({ length: 400 }, (_, index) => (index % 3 === 0 ? 1 : 0));
    const better = control.map((value, index) => (index % 5 === 0 ? 1 : value));
    const gain = pairedBootstrap(better, control)!;
    expect(gain.difference).toBeGreaterThan(0);
    expect(gain.low).toBeGreaterThan(0);
    const noise = control.map((value, index) => (index % 2 === 0 ? 1 - value : value));
    const swapped = control.map((value, index) => (index % 2 === 1 ? 1 - value : value));
    const tie = pairedBootstrap(noise, swapped)!;
    expect(tie.low).toBeLessThan(0);
    expect(tie.high).toBeGreaterThan(0);
  });

  it('pairs by position, leaves out questions either side did not score, and is reproducible', () => {
    const result = pairedBootstrap([1, null, 0.5], [0, 1, null])!;
    expect(result).toMatchObject({ difference: 1, low: 1, high: 1, questions: 1 });
    expect(pairedBootstrap([0.2, 0.9, 0.4], [0.1, 0.3, 0.8])).toEqual(
      pairedBootstrap([0.2, 0.9, 0.4], [0.1, 0.3, 0.8]),
    );
    expect(pairedBootstrap([null], [1])).toBeUndefined();
  });
});
