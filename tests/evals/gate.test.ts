/**
 * The quality gate inside `npm test`: the whole golden set, retrieved (hybrid) and answered by the local model over
 * the real shipped corpus, must meet every threshold in evals/thresholds.json. A failure names the metric that
 * dropped. The whole set takes about as long as a sample and has no sampling noise, so a pass here means the same as
 * a pass in `npm run eval`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenSet } from '../../evals/datasets/golden.js';
import { checkGate, loadThresholds } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;
let report: EvalReport;
let questionCount = 0;

beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: shippedCorpus });
  const questions = await loadGoldenSet(path.resolve('evals/golden.jsonl'));
  questionCount = questions.length;
  report = await evaluateGolden({
    assistant: context.assistant,
    questions,
    datasetPath: 'evals/golden.jsonl',
    sampled: false,
    methods: ['hybrid'],
    consistencySample: 6,
  });
}, 240_000);

afterAll(async () => {
  await context?.cleanup();
});

describe('quality gate (golden set, local model)', () => {
  it('covers every question and category of the golden set', () => {
    expect(report.dataset.questions).toBe(questionCount);
    expect(questionCount).toBeGreaterThanOrEqual(150);
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
