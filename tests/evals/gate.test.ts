/**
 * The quality gates inside `npm test`, over the real shipped corpus answered by the local model: the golden set's
 * untuned half (evals/thresholds.json) and the outside questions on the shipped corpus
 * (evals/outside/thresholds-shipped.json), each held to every threshold of its file. A failure names the metric that
 * dropped. The tuning half of the golden set is not gated: changes are tuned on it, so its figures say less.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGate, loadThresholds } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { loadSuiteQuestions, suiteDefinition, type SuiteName } from '../../evals/suites/named-suites.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;
const reports = new Map<SuiteName, EvalReport>();
const sizes = new Map<SuiteName, number>();

beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: shippedCorpus });
  for (const name of ['golden-untuned', 'outside-shipped'] as const) {
    const suite = suiteDefinition(name);
    const questions = await loadSuiteQuestions(suite);
    sizes.set(name, questions.length);
    reports.set(
      name,
      await evaluateGolden({
        assistant: context.assistant,
        questions,
        datasetPath: path.relative(process.cwd(), suite.questionsFile),
        datasetName: name,
        sampled: false,
        methods: ['hybrid'],
        consistencySample: name === 'golden-untuned' ? 6 : 0,
      }),
    );
  }
}, 240_000);

afterAll(async () => {
  await context?.cleanup();
});

describe('quality gate (golden set, untuned half, local model)', () => {
  it('covers every question and category of the half', () => {
    const report = reports.get('golden-untuned')!;
    expect(report.dataset.questions).toBe(sizes.get('golden-untuned'));
    expect(sizes.get('golden-untuned')).toBeGreaterThanOrEqual(75);
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
    const gate = checkGate(reports.get('golden-untuned')!.metrics, thresholds, {
      dataset: 'golden-untuned',
      answerModel: context.assistant.config.answerModel,
    });
    expect(gate.applicable).toBe(true);
    // On failure the diff lists each metric that dropped, with its value and the bound.
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });

  it('gives the same status and citations through every surface', () => {
    const report = reports.get('golden-untuned')!;
    expect(report.consistency?.mismatches ?? []).toEqual([]);
    expect(report.consistency?.unavailable ?? []).toEqual([]);
  });
});

describe('quality gate (outside questions on the shipped corpus, local model)', () => {
  it('answers all 80 questions', () => {
    expect(reports.get('outside-shipped')!.dataset.questions).toBe(80);
    expect(reports.get('outside-shipped')!.failedCases).toBe(0);
  });

  it('meets every threshold in evals/outside/thresholds-shipped.json', async () => {
    const thresholds = await loadThresholds(suiteDefinition('outside-shipped').thresholdsFile);
    const gate = checkGate(reports.get('outside-shipped')!.metrics, thresholds, {
      dataset: 'outside-shipped',
      answerModel: context.assistant.config.answerModel,
    });
    expect(gate.applicable).toBe(true);
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });
});
