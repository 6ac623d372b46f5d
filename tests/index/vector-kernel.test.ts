/** The exact-scan kernel: sliced scoring gives the same scores as one pass, and every row is scored. */
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
});
