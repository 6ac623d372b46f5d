/**
 * The evaluation report as data: written as report.json, rendered to Markdown and HTML, compared with the baseline
 * and checked by the gate. Metrics are flat keys (`retrieval.hybrid.recall@10`, `answers.false_refusal`) so the
 * thresholds file and the baseline can name any of them.
 */
import type { Agreement } from '../metrics/agreement.js';
import type { ConsistencyResult } from '../suites/consistency.js';
import type { MethodComparison } from '../suites/method-comparison.js';
import type { BaselineComparison } from '../gate/baseline.js';
import type { GateResult } from '../gate/thresholds.js';

export type MetricValues = Record<string, number | null>;

export interface ReportCitation {
  n: number;
  passageId: string;
  heading: string;
  quote: string;
  passageText?: string;
}

export interface ReportCase {
  id: string;
  question: string;
  category: string;
  expectedStatus?: string;
  status?: string;
  answer?: string;
  reason?: string;
  citations?: ReportCitation[];
  expectedPassages: string[];
  keyFacts?: string[];
  /** Ranked ids per search method (top 10), as retrieved. */
  retrieval: Record<string, string[]>;
  /** Every score by flat metric key, with the scorer's explanation. */
  scores: Record<string, { score: number | null; details?: string }>;
  /** Human-readable list of what went wrong; empty when the case passed every check. */
  failures: string[];
  error?: string;
}

export interface EvalReport {
  format: 1;
  createdAt: string;
  dataset: { kind: 'golden' | 'beir'; name: string; path: string; questions: number; sampled: boolean };
  setup: {
    answerModel?: string;
    embeddingModel: string;
    judges: string[];
    corpusVersion?: string;
    methods: string[];
    durationMs: number;
  };
  /** Overall metrics by flat key. */
  metrics: MetricValues;
  /** The same keys per question category. */
  byCategory: Record<string, MetricValues>;
  /** Scorer descriptions by metric name, shown as a legend. */
  descriptions: Record<string, string>;
  /** Each search method against full text: paired differences with bootstrap 95% intervals. */
  comparisons?: MethodComparison[];
  judgeAgreement?: Agreement & { judges: [string, string] };
  consistency?: ConsistencyResult;
  failedCases: number;
  cases: ReportCase[];
  gate?: GateResult;
  baseline?: BaselineComparison;
}

/** Metrics where a lower value is better; every other metric is better higher. */
export function lowerIsBetter(metric: string): boolean {
  return /(^|\.)(false_refusal|error_rate)$/.test(metric);
}

/**
 * A score that counts as a failure in the drill-down: below 1, or above 0 for lower-is-better metrics. Evidence
 * recall is diagnostic (retrieval as the answer saw it, reported under retrieval already), so it never fails.
 */
export function isFailingScore(metric: string, score: number | null): boolean {
  if (score === null) return false;
  if (/(^|\.)evidence_recall$/.test(metric)) return false;
  return lowerIsBetter(metric) ? score > 0 : score < 1;
}
