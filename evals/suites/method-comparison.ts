/**
 * Significance of the differences between search methods (or between two runs): for each compared metric, the mean
 * paired difference over the questions and its paired-bootstrap 95% interval (metrics/paired-bootstrap.ts).
 */
import { pairedBootstrap, type PairedDifference } from '../metrics/paired-bootstrap.js';
import type { ReportCase } from '../report/report-model.js';

export interface MethodComparison extends PairedDifference {
  metric: string;
  /** Flat metric prefix of the treatment and of the control, e.g. `retrieval.hybrid` against `retrieval.fulltext`. */
  treatment: string;
  control: string;
}

export const comparedMetrics = ['recall@10', 'map@10', 'ndcg@10', 'mrr', 'recall@100'];

/** The method every other is compared with: full text when it ran (the baseline a retriever must beat). */
export const controlMethod = 'fulltext';

/** Every method against full text, within one run. */
export function compareMethods(cases: readonly ReportCase[], methods: readonly string[]): MethodComparison[] {
  if (!methods.includes(controlMethod)) return [];
  return methods
    .filter((method) => method !== controlMethod)
    .flatMap((method) => compareScores(cases, cases, `retrieval.${method}`, `retrieval.${controlMethod}`));
}

/**
 * One prefix of `treatmentCases` against one prefix of `controlCases`, cases paired by id (two runs over the same
 * questions, or two methods of one run).
 */
export function compareScores(
  treatmentCases: readonly ReportCase[],
  controlCases: readonly ReportCase[],
  treatment: string,
  control: string,
  metrics: readonly string[] = comparedMetrics,
): MethodComparison[] {
  const controlById = new Map(controlCases.map((reportCase) => [reportCase.id, reportCase]));
  const paired = treatmentCases.flatMap((reportCase) => {
    const other = controlById.get(reportCase.id);
    return other ? [[reportCase, other] as const] : [];
  });
  return metrics.flatMap((metric) => {
    const scoreOf = (reportCase: ReportCase, prefix: string) => reportCase.scores[`${prefix}.${metric}`]?.score ?? null;
    const result = pairedBootstrap(
      paired.map(([left]) => scoreOf(left, treatment)),
      paired.map(([, right]) => scoreOf(right, control)),
    );
    return result ? [{ metric, treatment, control, ...result }] : [];
  });
}

/** "+0.012 (95% CI +0.004..+0.020)", the form the reports use. */
export function formatComparison(comparison: PairedDifference): string {
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
  return `${signed(comparison.difference)} (95% CI ${signed(comparison.low)}..${signed(comparison.high)})`;
}
