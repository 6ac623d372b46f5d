/**
 * The quality gate inside `npm test` for the golden set's untuned half, over the real shipped corpus answered by the
 * local model, held to every threshold of evals/thresholds.json; a failure names the metric that dropped. The tuning
 * half is not gated: changes are tuned on it, so its figures say less. The outside questions have their own gate file
 * (gate-outside-shipped.test.ts), so the two run in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedCorpus } from '../helpers/test-assistant.js';
import { runGateSuite, type GateSuiteRun } from './gate-suite.js';

let run: GateSuiteRun;

beforeAll(async () => {
  run = await runGateSuite('golden-untuned', { corpusDir: shippedCorpus, consistencySample: 6 });
}, 240_000);

afterAll(async () => {
  await run?.context.cleanup();
});

describe('quality gate (golden set, untuned half, local model)', () => {
  it('covers every question and category of the half', () => {
    expect(run.report.dataset.questions).toBe(run.questionCount);
    expect(run.questionCount).toBeGreaterThanOrEqual(75);
    expect(Object.keys(run.report.byCategory).sort()).toEqual([
      'adversarial',
      'answerable',
      'multi_hop',
      'off_topic',
      'unanswerable',
    ]);
    expect(run.report.failedCases).toBe(0);
  });

  it('meets every threshold in evals/thresholds.json', async () => {
    const gate = await run.checkThresholds();
    expect(gate.applicable).toBe(true);
    // On failure the diff lists each metric that dropped, with its value and the bound.
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });

  it('gives the same status and citations through every surface', () => {
    expect(run.report.consistency?.mismatches ?? []).toEqual([]);
    expect(run.report.consistency?.unavailable ?? []).toEqual([]);
  });
});
