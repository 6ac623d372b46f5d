/**
 * The quality gate for the outside questions on a corpus of raw official texts, built from ../shared/sources by
 * ../shared/evals/outside/build-raw-corpus.py into a temporary folder, with the shipped field vocabulary (the texts are
 * of the same field) but no passage written for the engine: it must work on a corpus it was not written for. Skipped, with a line saying so, when ../shared is missing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGate, loadThresholds } from '../../evals/gate/thresholds.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { evaluateGolden } from '../../evals/suites/golden-run.js';
import { buildRawCorpus, loadSuiteQuestions, suiteDefinition } from '../../evals/suites/named-suites.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { requireShared } from '../helpers/requirements.js';

const shared = requireShared('sources');
let context: TestAssistant | undefined;
let corpusDirectory: string;
let report: EvalReport;

describe.skipIf(!shared.available)('quality gate (outside questions on raw official texts, local model)', () => {
  beforeAll(async () => {
    corpusDirectory = await mkdtemp(path.join(os.tmpdir(), 'outside-raw-corpus-'));
    await buildRawCorpus(corpusDirectory);
    context = await createTestAssistant({ corpusDir: corpusDirectory });
    const suite = suiteDefinition('outside-raw');
    report = await evaluateGolden({
      assistant: context.assistant,
      questions: await loadSuiteQuestions(suite),
      datasetPath: path.relative(process.cwd(), suite.questionsFile),
      datasetName: 'outside-raw',
      methods: ['hybrid'],
      consistencySample: 0,
    });
  }, 600_000);

  afterAll(async () => {
    await context?.cleanup();
    if (corpusDirectory) await rm(corpusDirectory, { recursive: true, force: true });
  });

  it('meets every threshold in evals/outside/thresholds-raw.json', async () => {
    expect(report.failedCases).toBe(0);
    const thresholds = await loadThresholds(suiteDefinition('outside-raw').thresholdsFile);
    const gate = checkGate(report.metrics, thresholds, {
      dataset: 'outside-raw',
      answerModel: context!.assistant.config.answerModel,
    });
    expect(gate.applicable).toBe(true);
    expect(gate.failures.map((failure) => failure.message)).toEqual([]);
  });
});
