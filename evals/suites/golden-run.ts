/**
 * The whole golden-set evaluation over one assistant: retrieval by every method, answers under every judge, judge
 * agreement and cross-surface consistency, gathered into one report. Used by `npm run eval` and, on a stratified
 * sample, by the gate test inside `npm test`.
 */
import type { Assistant } from '../../src/assistant.js';
import type { SearchMethod } from '../../src/retrieve/types.js';
import type { EvalResult } from '../core/eval.js';
import { runEval } from '../core/run-eval.js';
import { stratifiedSample, type GoldenQuestion } from '../datasets/golden.js';
import { loadFieldVocabulary } from '../../src/answer/field-vocabulary.js';
import { supportThreshold } from '../../src/answer/support.js';
import { localSupportJudge, recordingJudge, type SupportJudge } from '../judges/support-judge.js';
import { agreementBetween } from '../metrics/agreement.js';
import { isFailingScore, type EvalReport, type ReportCase } from '../report/report-model.js';
import { availableSurfaces } from '../surfaces/index.js';
import { goldenAnswerEval, type AnswerOutput } from './answer-eval.js';
import { checkConsistency } from './consistency.js';
import { createReportCollector } from './report-collector.js';
import { goldenRetrievalEval, type RankingExpected, type RankingOutput } from './retrieval-eval.js';

export const searchMethods: SearchMethod[] = ['fulltext', 'vector', 'hybrid'];

export interface GoldenRunOptions {
  assistant: Assistant;
  questions: readonly GoldenQuestion[];
  datasetPath: string;
  /** The dataset's name in the report and for the gate (default `golden`). */
  datasetName?: string;
  /** True when `questions` is a sample of the file. */
  sampled?: boolean;
  methods?: SearchMethod[];
  /** Skip the answer evaluation (retrieval only). */
  answers?: boolean;
  /** An LLM judge to run beside the local one, on `judgeQuestionIds` (all when undefined). */
  llmJudge?: SupportJudge;
  judgeQuestionIds?: ReadonlySet<string>;
  /** Questions put through every surface; 0 turns the check off. */
  consistencySample?: number;
  concurrency?: number;
  onProgress?: (message: string) => void;
}

export async function evaluateGolden(options: GoldenRunOptions): Promise<EvalReport> {
  const startedAt = performance.now();
  const { assistant, questions } = options;
  const methods = options.methods ?? searchMethods;
  const progress = options.onProgress ?? (() => {});
  const cases = new Map<string, ReportCase>(
    questions.map((question) => [
      question.id,
      {
        id: question.id,
        question: question.question,
        category: question.category,
        expectedStatus: question.expected_status,
        expectedPassages: question.expected_passages,
        keyFacts: question.key_facts,
        retrieval: {},
        scores: {},
        failures: [],
      },
    ]),
  );
  const collector = createReportCollector(cases);
  const { metrics } = collector;

  for (const method of methods) {
    progress(`retrieval (${method})`);
    const evaluation = goldenRetrievalEval({ assistant, questions, method });
    const result = await runEval(evaluation, { concurrency: options.concurrency });
    collector.collect(`retrieval.${method}`, result, evaluation.scorers);
    for (const caseResult of result.cases) {
      const output = caseResult.output as RankingOutput | undefined;
      if (output) cases.get(caseResult.evalCase.id)!.retrieval[method] = output.retrieved;
    }
    if (method === 'hybrid' || methods.length === 1) noteRetrievalFailures(result, cases, method);
  }

  const judges: string[] = [];
  let judgeAgreement: EvalReport['judgeAgreement'];
  if (options.answers !== false) {
    const { weakTerms } = await loadFieldVocabulary(assistant.config.corpusDir);
    const local = recordingJudge(localSupportJudge(supportThreshold, weakTerms));
    const judgeEntries: { judge: SupportJudge; suffix?: string; questionIds?: ReadonlySet<string> }[] = [
      { judge: local },
    ];
    const llm = options.llmJudge ? recordingJudge(options.llmJudge) : undefined;
    if (llm) judgeEntries.push({ judge: llm, suffix: 'llm', questionIds: options.judgeQuestionIds });
    judges.push(...judgeEntries.map((entry) => entry.judge.name));

    progress(`answers (${questions.length} questions)`);
    const evaluation = goldenAnswerEval({ assistant, questions, judges: judgeEntries });
    const result = await runEval(evaluation, { concurrency: options.concurrency });
    collector.collect('answers', result, evaluation.scorers);
    for (const caseResult of result.cases) {
      const reportCase = cases.get(caseResult.evalCase.id)!;
      const output = caseResult.output as AnswerOutput | undefined;
      if (output) describeAnswer(reportCase, output);
      for (const [metric, score] of Object.entries(caseResult.scores)) {
        if (isFailingScore(metric, score.score)) {
          reportCase.failures.push(
            `answers.${metric} = ${score.score!.toFixed(2)}${score.details ? ` (${score.details})` : ''}`,
          );
        }
      }
    }

    if (llm) {
      const pairs: [boolean, boolean][] = [];
      for (const [key, judgement] of llm.judgements) {
        const other = local.judgements.get(key);
        if (other) pairs.push([other.verdict.supported, judgement.verdict.supported]);
      }
      judgeAgreement = { ...agreementBetween(pairs), judges: [local.name, llm.name] };
      metrics['judge.agreement'] = judgeAgreement.agreement;
      metrics['judge.kappa'] = judgeAgreement.kappa;
    }
  }

  let consistency: EvalReport['consistency'];
  const consistencySample = options.consistencySample ?? 20;
  if (options.answers !== false && consistencySample > 0) {
    const sample = stratifiedSample(questions, consistencySample, { seed: 'consistency', minimumPerCategory: 2 });
    progress(`cross-surface consistency (${sample.length} questions)`);
    const surfaces = await availableSurfaces(assistant);
    try {
      consistency = await checkConsistency(surfaces, sample);
    } finally {
      await surfaces.close();
    }
    metrics['consistency.overall'] = consistency.overall;
    for (const [surface, value] of Object.entries(consistency.bySurface))
      metrics[`consistency.${surface}`] = value.rate;
    for (const mismatch of consistency.mismatches) {
      cases
        .get(mismatch.questionId)
        ?.failures.push(`consistency (${mismatch.surface}): ${mismatch.differences.join('; ')}`);
    }
  }

  const status = await assistant.status().catch(() => undefined);
  return {
    format: 1,
    createdAt: new Date().toISOString(),
    dataset: {
      kind: 'golden',
      name: options.datasetName ?? 'golden',
      path: options.datasetPath,
      questions: questions.length,
      sampled: options.sampled ?? false,
    },
    setup: {
      answerModel: options.answers === false ? undefined : assistant.config.answerModel,
      embeddingModel: status?.embeddingModel ?? assistant.config.embeddingModel,
      judges,
      corpusVersion: status?.corpusVersion,
      methods,
      durationMs: performance.now() - startedAt,
    },
    ...collector.results(methods),
    metrics,
    judgeAgreement,
    consistency,
  };
}

function noteRetrievalFailures(
  result: EvalResult<GoldenQuestion, RankingOutput, RankingExpected>,
  cases: Map<string, ReportCase>,
  method: string,
): void {
  for (const caseResult of result.cases) {
    const recall = caseResult.scores['recall@10']?.score;
    if (recall !== null && recall !== undefined && recall < 1) {
      const missing = [...caseResult.evalCase.expected.relevant].filter(
        (id) => !caseResult.output?.ranked.slice(0, 10).includes(id),
      );
      cases
        .get(caseResult.evalCase.id)!
        .failures.push(`retrieval.${method}.recall@10 = ${recall.toFixed(2)} (not in top 10: ${missing.join(', ')})`);
    }
  }
}

function describeAnswer(reportCase: ReportCase, output: AnswerOutput): void {
  const { record } = output;
  reportCase.status = record.status;
  reportCase.answer = record.answer;
  reportCase.reason = record.reason;
  reportCase.citations = record.citations.map((citation) => ({
    n: citation.n,
    passageId: citation.passageId,
    heading: citation.heading,
    quote: citation.quote,
    passageText: output.citedPassages[citation.passageId]?.text,
  }));
}
