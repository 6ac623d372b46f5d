/**
 * Runs one named evaluation suite over a real index of a corpus, answered by the local model, and checks its report
 * against the suite's thresholds file: the shared body of the quality-gate tests.
 */
import path from 'node:path';
import { checkGate, loadThresholds, type GateResult } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { loadSuiteQuestions, suiteDefinition, type SuiteName } from '../../evals/suites/named-suites.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

export interface GateSuiteRun {
  context: TestAssistant;
  report: EvalReport;
  questionCount: number;
  checkThresholds(): Promise<GateResult>;
}

export async function runGateSuite(
  name: SuiteName,
  options: { corpusDir: string; consistencySample: number },
): Promise<GateSuiteRun> {
  const context = await createTestAssistant({ corpusDir: options.corpusDir });
  const suite = suiteDefinition(name);
  const questions = await loadSuiteQuestions(suite);
  const report = await evaluateGolden({
    assistant: context.assistant,
    questions,
    datasetPath: path.relative(process.cwd(), suite.questionsFile),
    datasetName: name,
    sampled: false,
    methods: ['hybrid'],
    consistencySample: options.consistencySample,
  });
  return {
    context,
    report,
    questionCount: questions.length,
    checkThresholds: async () =>
      checkGate(report.metrics, await loadThresholds(suite.thresholdsFile), {
        dataset: name,
        answerModel: context.assistant.config.answerModel,
      }),
  };
}
