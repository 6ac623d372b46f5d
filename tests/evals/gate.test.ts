/**
 * The quality gate inside `npm test`: a stratified sample of the golden set, answered by the local model over the
 * real shipped corpus, must meet every threshold in evals/thresholds.json. A failure names the metric that dropped.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenSet, stratifiedSample } from '../../evals/datasets/golden.js';
import { checkGate, loadThresholds } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

const gateSampleSize = 30;

let context: TestAssistant;
let report: EvalReport;

beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: shippedCorpus });
  const questions = stratifiedSample(await loadGoldenSet(path.resolve('evals/golden.jsonl')), gateSampleSize);
  report = await evaluateGolden({
    assistant: context.assistant,
    questions,
    datasetPath: 'evals/golden.jsonl',
    sampled: true,
    methods: ['hybrid'],
    consistencySample: 6,
  });
}, 240_000);

afterAll(async () => {
  await context?.cleanup();
});

describe('quality gate (golden sample, local model)', () => {
  it(`covers every category in a ${gateSampleSize}-question sample`, () => {
    expect(report.dataset.questions).toBe(gateSampleSize);
    expect(Object.keys(report.byCategory).sort()).toEqual([
      'adversarial',
      'answerable',
      'multi_hop',
      'off_topic',
      'unanswerable',
    ]);
    expect(report.failedCases).toBe(0);
  });

  it('meets every threshold in evals/thresholds.json', async () => {
    const thresholds = await loadThresholds(path.resolve('evals/thresholds.json'));
    const gate = checkGate(report.metrics, thresholds, {
      dataset: 'golden',
      answerModel: context.assistant.config.answerModel,
    });
    expect(gate.applicable).toBe(true);
    // On failure the diff lists each metric that dropped, with its value and the bound.
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });

  it('gives the same status and citations through every surface', () => {
    expect(report.consistency?.mismatches ?? []).toEqual([]);
    expect(report.consistency?.unavailable ?? []).toEqual([]);
  });
});
