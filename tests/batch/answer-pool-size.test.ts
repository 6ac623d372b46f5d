/**
 * How many answer workers a batch starts: one per core unless BATCH_WORKERS or --workers says otherwise, validated
 * with the other settings, and never more than are useful for the run.
 */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { workersFor } from '../../src/batch/answer-pool.js';
import { loadConfig, testConfig } from '../../src/config.js';
import { parseBatchArguments } from '../../src/cli/batch.js';

describe('the number of answer workers', () => {
  it('is one per core by default, BATCH_WORKERS when set, and refuses a value that is not a count', () => {
    expect(testConfig().batchWorkers).toBe(os.availableParallelism());
    expect(testConfig({ BATCH_WORKERS: '0' }).batchWorkers).toBe(0);
    expect(testConfig({ BATCH_WORKERS: '6' }).batchWorkers).toBe(6);
    for (const value of ['-1', '2.5', 'many', '65']) {
      const result = loadConfig({ BATCH_WORKERS: value });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((problem) => problem.variable)).toEqual(['BATCH_WORKERS']);
    }
  });

  it('is taken from --workers on the command line, 0 to 64', () => {
    const flags = parseBatchArguments(['questions.csv', '--workers', '3']);
    expect(flags !== 'help' && flags.workers).toBe(3);
    const unset = parseBatchArguments(['questions.csv']);
    expect(unset !== 'help' && unset.workers).toBeUndefined();
    expect(() => parseBatchArguments(['questions.csv', '--workers=-1'])).toThrow('--workers must be');
    expect(() => parseBatchArguments(['questions.csv', '--workers', 'all'])).toThrow('--workers must be');
  });

  it('starts no more workers than rows answered at once or rows to answer, and none for a single one', () => {
    expect(workersFor(2, 8, 1000)).toBe(2);
    expect(workersFor(8, 4, 1000)).toBe(4);
    expect(workersFor(8, 8, 3)).toBe(3);
    expect(workersFor(2, 1, 1000)).toBe(0);
    expect(workersFor(1, 8, 1000)).toBe(0);
    expect(workersFor(0, 8, 1000)).toBe(0);
  });
});
