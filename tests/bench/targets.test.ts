/** Bench targets: a row's value against a fixed bound or against the peer measured in the same run. */
import { describe, expect, it } from 'vitest';
import { passes, type BenchRow } from '../../bench/suite.js';

const row = (value: number, target: BenchRow['target'], peer?: number): BenchRow => ({
  scenario: 'a scenario',
  metric: 'a speed-up',
  value,
  unit: '×',
  target,
  ...(peer === undefined ? {} : { peer: { name: 'a peer', value: peer } }),
});

describe('bench targets', () => {
  it('has no verdict for a row without a target', () => {
    expect(passes(row(1, undefined))).toBeUndefined();
  });

  it('meets a fixed bound only on its side', () => {
    expect(passes(row(6.2, { min: 6 }))).toBe(true);
    expect(passes(row(5.9, { min: 6 }))).toBe(false);
    expect(passes(row(9, { max: 10 }))).toBe(true);
    expect(passes(row(11, { max: 10 }))).toBe(false);
  });

  it('holds a value to a share of its peer, and misses when the peer is missing', () => {
    expect(passes(row(1.7, { minRatio: 0.95 }, 1.75))).toBe(true);
    expect(passes(row(1.6, { minRatio: 0.95 }, 1.75))).toBe(false);
    expect(passes(row(1.7, { minRatio: 0.95 }))).toBe(false);
    expect(passes(row(0.9, { maxRatio: 1 }, 1))).toBe(true);
    expect(passes(row(1.1, { maxRatio: 1 }, 1))).toBe(false);
    expect(passes(row(0.9, { maxRatio: 1 }))).toBe(false);
  });
});
