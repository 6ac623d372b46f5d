/**
 * Paired bootstrap confidence intervals for the difference between two rankers scored on the same questions (Efron
 * and Tibshirani; the test Sakai recommends for IR evaluation): questions are resampled with replacement, the mean
 * difference is taken in each resample, and the 2.5th and 97.5th percentiles bound the 95% interval. An interval that
 * excludes 0 marks a significant difference. The generator is seeded so a report reads the same on every run.
 */
import { seededRandom } from '../../bench/suite.js';

export interface PairedDifference {
  /** Mean of (treatment − control) over the questions both scored. */
  difference: number;
  low: number;
  high: number;
  questions: number;
}

export interface BootstrapOptions {
  resamples?: number;
  /** Central coverage of the interval (default 0.95). */
  confidence?: number;
  seed?: number;
}

/** Scores are paired by position; a pair with a null on either side is left out. */
export function pairedBootstrap(
  treatment: readonly (number | null)[],
  control: readonly (number | null)[],
  options: BootstrapOptions = {},
): PairedDifference | undefined {
  const differences: number[] = [];
  treatment.forEach((value, index) => {
    const other = control[index];
    if (value !== null && other !== null && other !== undefined) differences.push(value - other);
  });
  const count = differences.length;
  if (count === 0) return undefined;
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const random = seededRandom(options.seed ?? 20240601);
  const means = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    for (let draw = 0; draw < count; draw++) sum += differences[Math.floor(random() * count)]!;
    means[resample] = sum / count;
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  const at = (quantile: number) => means[Math.min(resamples - 1, Math.max(0, Math.round(quantile * (resamples - 1))))]!;
  return {
    difference: differences.reduce((sum, value) => sum + value, 0) / count,
    low: at(tail),
    high: at(1 - tail),
    questions: count,
  };
}
