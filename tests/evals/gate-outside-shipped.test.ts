/**
 * The quality gate inside `npm test` for the outside questions on the shipped corpus (written by a reader who never
 * saw the code or the golden set), answered by the local model and held to every threshold of
 * evals/outside/thresholds-shipped.json; a failure names the metric that dropped.
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
const suiteName: SuiteName = 'outside-shipped';

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
    consistencySample: 0,
  });
}, 240_000);

afterAll(async () => {
  await context?.cleanup();
});

describe('quality gate (outside questions on the shipped corpus, local model)', () => {
  it('answers all 80 questions', () => {
    expect(report.dataset.questions).toBe(80);
    expect(report.failedCases).toBe(0);
  });

  it('meets every threshold in evals/outside/thresholds-shipped.json', async () => {
    const thresholds = await loadThresholds(suiteDefinition('outside-shipped').thresholdsFile);
    const gate = checkGate(report.metrics, thresholds, {
      dataset: 'outside-shipped',
      answerModel: context.assistant.config.answerModel,
    });
    expect(gate.applicable).toBe(true);
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });
});
