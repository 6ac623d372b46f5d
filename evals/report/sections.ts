/**
 * What both report formats show, as plain rows: metric groups in display order, the method comparison and the
 * per-category tables. Keeping the selection here makes the Markdown and HTML reports agree.
 */
import type { EvalReport, MetricValues } from './report-model.js';

export const retrievalMetricNames = [
  'recall@5',
  'recall@10',
  'recall@100',
  'map@10',
  'mrr',
  'ndcg@10',
  'all_evidence@10',
];

export const answerMetricNames = [
  'status_accuracy',
  'correct_refusal',
  'false_refusal',
  'error_rate',
  'citation_validity',
  'citation_recall',
  'citation_precision',
  'citation_recall_llm',
  'citation_precision_llm',
  'key_fact_coverage',
  'evidence_recall',
  'adversarial_pass',
];

/** The method whose retrieval metrics headline a report and fill its per-category tables: hybrid, else the first. */
export function mainRetrievalMethod(methods: readonly string[]): string {
  return methods.includes('hybrid') ? 'hybrid' : methods[0]!;
}

/** Headline metrics for the summary cards, when measured. */
export function headlineMetrics(report: EvalReport): string[] {
  const method = mainRetrievalMethod(report.setup.methods);
  return [
    `retrieval.${method}.recall@10`,
    `retrieval.${method}.ndcg@10`,
    'answers.status_accuracy',
    'answers.correct_refusal',
    'answers.false_refusal',
    'answers.citation_validity',
    'answers.citation_recall',
    'answers.citation_precision',
    'answers.key_fact_coverage',
    'answers.adversarial_pass',
    'consistency.overall',
  ].filter((metric) => metric in report.metrics);
}

/** The answer metrics this report measured, in display order. */
export function measuredAnswerMetrics(metrics: MetricValues): string[] {
  return answerMetricNames.filter((name) => `answers.${name}` in metrics);
}

export function categoriesOf(report: EvalReport): string[] {
  const order = ['answerable', 'multi_hop', 'unanswerable', 'off_topic', 'adversarial'];
  return Object.keys(report.byCategory).sort((left, right) => {
    const a = order.indexOf(left);
    const b = order.indexOf(right);
    return (a === -1 ? 99 : a) - (b === -1 ? 99 : b) || left.localeCompare(right);
  });
}
