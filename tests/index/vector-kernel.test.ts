/**
 * The exact-scan kernels: sliced scoring gives the same scores as one pass, every row is scored, and the 8-bit
 * estimates keep every row that a full 32-bit scan would rank in the top, with the same scores.
 */
import { describe, expect, it } from 'vitest';
import { paddedDimensions, VectorMatrix } from '../../src/index/vector-kernel.js';

function filledMatrix(rows: number, dimensions: number): VectorMatrix {
  const matrix = new VectorMatrix(rows, dimensions);
  for (let row = 0; row < rows; row += 1) {
    for (let index = 0; index < dimensions; index += 1) {
      matrix.matrix[row * matrix.width + index] = Math.sin(row * 31 + index * 7);
    }
  }
  return matrix;
}

describe('VectorMatrix', () => {
  const dimensions = 20;
  const query = Array.from({ length: dimensions }, (_, index) => Math.cos(index));

  it('scores every row with the dot product of the query', () => {
    const matrix = filledMatrix(50, dimensions);
    expect(matrix.width).toBe(paddedDimensions(dimensions));
    const scores = Array.from(matrix.scores(query));
    for (let row = 0; row < 50; row += 1) {
      let expected = 0;
      for (let index = 0; index < dimensions; index += 1) expected += Math.sin(row * 31 + index * 7) * query[index]!;
      expect(scores[row]).toBeCloseTo(expected, 4);
    }
  });

  it('gives the same scores when the rows are scored in slices', () => {
    const matrix = filledMatrix(103, dimensions);
    const whole = Array.from(matrix.scores(query));
    matrix.output.fill(0);
    matrix.setQuery(query);
    for (let start = 0; start < 103; start += 16) matrix.scoreRows(start, 16);
    expect(Array.from(matrix.output)).toEqual(whole);
  });

  describe('8-bit estimates', () => {
    /** Rows of a seeded generator: unit vectors, some sparse, some repeated, some zero, some near copies of others. */
    function unitRows(rows: number, dimensions: number, seed: number): VectorMatrix {
      let state = seed;
      const next = () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const matrix = new VectorMatrix(rows, dimensions);
      for (let row = 0; row < rows; row += 1) {
        const target = matrix.matrix.subarray(row * matrix.width, row * matrix.width + dimensions);
        if (row % 97 === 5) continue; // a zero row
        if (row % 13 === 7 && row > 20) {
          // A near copy of an earlier row: scores that differ in the last digits, where rounding decides ties.
          const source = matrix.matrix.subarray((row - 13) * matrix.width, (row - 13) * matrix.width + dimensions);
          for (let index = 0; index < dimensions; index += 1)
            target[index] = source[index]! * (1 + (next() - 0.5) * 1e-4);
        } else {
          const density = row % 3 === 0 ? 0.15 : 0.8;
          for (let index = 0; index < dimensions; index += 1) target[index] = next() < density ? next() - 0.4 : 0;
        }
        let norm = 0;
        for (const value of target) norm += value * value;
        norm = Math.sqrt(norm);
        if (norm > 0) for (let index = 0; index < dimensions; index += 1) target[index]! /= norm;
      }
      matrix.quantiseRows();
      return matrix;
    }

    /** The top `limit` rows with a positive score, by a full 32-bit scan (earlier rows first among equal scores). */
    function fullScanTop(matrix: VectorMatrix, query: Float32Array, limit: number): [row: number, score: number][] {
      const scores = Array.from(matrix.scores(query));
      return scores
        .map((score, row) => [row, score] as [number, number])
        .filter(([, score]) => score > 0)
        .sort((left, right) => right[1] - left[1] || left[0] - right[0])
        .slice(0, limit);
    }

    function candidateTop(matrix: VectorMatrix, query: Float32Array, limit: number, runs: [number, number][]) {
      matrix.setQuery(query);
      for (const [start, end] of runs) matrix.estimateRows(start, end - start);
      const candidates = matrix.candidates(runs, limit);
      const scored = candidates.map((row) => [row, matrix.scoreRow(row)] as [number, number]);
      return {
        candidates,
        top: scored
          .filter(([, score]) => score > 0)
          .sort((left, right) => right[1] - left[1] || left[0] - right[0])
          .slice(0, limit),
      };
    }

    function queryFrom(matrix: VectorMatrix, row: number, noise: number, seed: number): Float32Array {
      let state = seed;
      const query = new Float32Array(matrix.dimensions);
      for (let index = 0; index < matrix.dimensions; index += 1) {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        query[index] = matrix.matrix[row * matrix.width + index]! + (state / 2 ** 31 - 0.5) * noise;
      }
      return query;
    }

    it('rescoring the candidates gives exactly the rows and scores of a full scan', () => {
      for (const [rows, dimensions] of [
        [1_500, 256],
        [700, 20],
        [300, 1_536],
      ] as const) {
        const matrix = unitRows(rows, dimensions, rows + dimensions);
        for (let trial = 0; trial < 12; trial += 1) {
          const query = queryFrom(matrix, (trial * 131) % rows, trial % 2 === 0 ? 0.3 : 3, trial + 1);
          for (const limit of [1, 10, 50]) {
            const expected = fullScanTop(matrix, query, limit);
            const { top } = candidateTop(matrix, query, limit, [[0, rows]]);
            expect(top).toEqual(expected);
          }
        }
      }
    });

    it('bounds every estimate, even where each component rounds the same way by almost half a level', () => {
      const dimensions = 256;
      const matrix = new VectorMatrix(3, dimensions);
      // Row 0: the largest component sets the level at 1/127 and every other one sits just below a half level, so
      // every rounding error has the same sign; rows 1 and 2 are ordinary.
      matrix.matrix[0] = 1;
      for (let index = 1; index < dimensions; index += 1) matrix.matrix[index] = 10.499 / 127;
      for (let index = 0; index < dimensions; index += 1) {
        matrix.matrix[matrix.width + index] = Math.sin(index);
        matrix.matrix[2 * matrix.width + index] = index % 5 === 0 ? 0.3 : 0;
      }
      matrix.quantiseRows();
      for (const query of [
        new Float32Array(dimensions).fill(1),
        Float32Array.from({ length: dimensions }, (_, index) => Math.cos(index)),
      ]) {
        const exact = Array.from(matrix.scores(query));
        matrix.estimateRows(0, 3);
        for (let row = 0; row < 3; row += 1) {
          const [low, high] = matrix.bounds(row);
          expect(exact[row]).toBeGreaterThanOrEqual(low);
          expect(exact[row]).toBeLessThanOrEqual(high);
        }
      }
    });

    it('keeps a few dozen candidates of 1,500 rows for a top 10, not the whole matrix', () => {
      const matrix = unitRows(1_500, 256, 42);
      const counts = Array.from({ length: 10 }, (_, trial) => {
        const query = queryFrom(matrix, trial * 97, 0.5, trial + 3);
        return candidateTop(matrix, query, 10, [[0, 1_500]]).candidates.length;
      });
      expect(Math.max(...counts)).toBeLessThan(150);
    });

    it('limits candidates to the runs given, and finds the same top as a full scan of those rows', () => {
      const matrix = unitRows(900, 64, 7);
      const runs: [number, number][] = [
        [10, 60],
        [300, 333],
        [880, 900],
      ];
      const query = queryFrom(matrix, 320, 0.4, 11);
      const { candidates, top } = candidateTop(matrix, query, 10, runs);
      expect(candidates.every((row) => runs.some(([start, end]) => row >= start && row < end))).toBe(true);
      const scores = matrix.scores(query);
      const expected = runs
        .flatMap(([start, end]) => Array.from({ length: end - start }, (_, offset) => start + offset))
        .map((row) => [row, scores[row]!] as [number, number])
        .filter(([, score]) => score > 0)
        .sort((left, right) => right[1] - left[1] || left[0] - right[0])
        .slice(0, 10);
      expect(top).toEqual(expected);
    });

    it('finds nothing for a zero query or for rows that only oppose it', () => {
      const matrix = unitRows(200, 32, 3);
      expect(candidateTop(matrix, new Float32Array(32), 10, [[0, 200]]).top).toEqual([]);
      const opposite = new VectorMatrix(5, 4);
      for (let row = 0; row < 5; row += 1) opposite.matrix.set([-1, 0, 0, 0], row * opposite.width);
      opposite.quantiseRows();
      expect(candidateTop(opposite, Float32Array.from([1, 0, 0, 0]), 3, [[0, 5]]).top).toEqual([]);
    });
  });
});
