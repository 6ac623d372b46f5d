/**
 * The quality gate inside `npm test` for the outside questions on the shipped corpus (written by a reader who never
 * saw the code or the golden set), answered by the local model and held to every threshold of
 * evals/outside/thresholds-shipped.json; a failure names the metric that dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedCorpus } from '../helpers/test-assistant.js';
import { runGateSuite, type GateSuiteRun } from './gate-suite.js';

let run: GateSuiteRun;

beforeAll(async () => {
  run = await runGateSuite('outside-shipped', { corpusDir: shippedCorpus, consistencySample: 0 });
}, 240_000);

afterAll(async () => {
  await run?.context.cleanup();
});

describe('quality gate (outside questions on the shipped corpus, local model)', () => {
  it('answers all 80 questions', () => {
    expect(run.report.dataset.questions).toBe(80);
    expect(run.report.failedCases).toBe(0);
  });

  it('meets every threshold in evals/outside/thresholds-shipped.json', async () => {
    const gate = await run.checkThresholds();
    expect(gate.applicable).toBe(true);
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });
});
