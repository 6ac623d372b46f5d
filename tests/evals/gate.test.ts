/**
 * The quality gate inside `npm test` for the golden set's untuned half, over the real shipped corpus answered by the
 * local model, held to every threshold of evals/thresholds.json; a failure names the metric that dropped. The tuning
 * half is not gated: changes are tuned on it, so its figures say less. The outside questions have their own gate file
 * (gate-outside-shipped.test.ts), so the two run in parallel.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGate, loadThresholds } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { loadSuiteQuestions, suiteDefinition, type SuiteName } from '../../evals/suites/named-suites.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;
let report: EvalReport;
let size = 0;
const suiteName: SuiteName = 'golden-untuned';

beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: shippedCorpus });
  const suite = suiteDefinition(suiteName);
  const questions = await loadSuiteQuestions(suite);
  size = questions.length;
  report = await evaluateGolden({
    assistant: context.assistant,
    questions,
    datasetPath: path.relative(process.cwd(), suite.questionsFile),
    datasetName: suiteName,
    sampled: false,
    methods: ['hybrid'],
    consistencySample: 6,
  });
}, 240_000);

afterAll(async () => {
  await context?.cleanup();
});

describe('quality gate (golden set, untuned half, local model)', () => {
  it('covers every question and category of the half', () => {
    expect(report.dataset.questions).toBe(size);
    expect(size).toBeGreaterThanOrEqual(75);
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
    const thresholds = await loadThresholds(suiteDefinition('golden-untuned').thresholdsFile);
    const gate = checkGate(report.metrics, thresholds, {
      dataset: 'golden-untuned',
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
