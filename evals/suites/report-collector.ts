/**
 * Gathers eval results into the parts of a report: averages under a metric prefix (overall and per category), scorer
 * descriptions, the failed-case count, and each case's scores and task errors. The golden and BEIR runs both build
 * their reports through it, so a case reads the same in either.
 */
import type { EvalResult, Scorer } from '../core/eval.js';
import type { EvalReport, MetricValues, ReportCase } from '../report/report-model.js';
import { compareMethods } from './method-comparison.js';

export interface ReportCollector {
  metrics: MetricValues;
  byCategory: Record<string, MetricValues>;
  descriptions: Record<string, string>;
  failedCases: number;
  /** Adds one evaluation's results, its metrics named `<prefix>.<metric>`. */
  collect<Input, Output, Expected>(
    prefix: string,
    result: EvalResult<Input, Output, Expected>,
    scorers: Scorer<Input, Output, Expected>[],
  ): void;
  /** The collected parts of a report, with each method compared against full text. */
  results(methods: readonly string[]): CollectedResults;
}

export type CollectedResults = Pick<
  EvalReport,
  'metrics' | 'byCategory' | 'descriptions' | 'failedCases' | 'comparisons' | 'cases'
>;

/** A collector writing into `cases`, which must hold every case id the results name. */
export function createReportCollector(cases: ReadonlyMap<string, ReportCase>): ReportCollector {
  const collector: ReportCollector = {
    metrics: {},
    byCategory: {},
    descriptions: {},
    failedCases: 0,
    collect(prefix, result, scorers) {
      collector.failedCases += result.failedCases;
      for (const scorer of scorers) collector.descriptions[scorer.name] = scorer.description;
      for (const [metric, value] of Object.entries(result.averages)) collector.metrics[`${prefix}.${metric}`] = value;
      for (const [category, values] of Object.entries(result.byCategory)) {
        const categoryMetrics = (collector.byCategory[category] ??= {});
        for (const [metric, value] of Object.entries(values)) categoryMetrics[`${prefix}.${metric}`] = value;
      }
      for (const caseResult of result.cases) {
        const reportCase = cases.get(caseResult.evalCase.id)!;
        if (caseResult.error) {
          reportCase.error = caseResult.error;
          reportCase.failures.push(`${prefix}: task failed: ${caseResult.error}`);
        }
        for (const [metric, score] of Object.entries(caseResult.scores)) {
          reportCase.scores[`${prefix}.${metric}`] = score;
        }
      }
    },
    results(methods) {
      return {
        metrics: collector.metrics,
        byCategory: collector.byCategory,
        descriptions: collector.descriptions,
        failedCases: collector.failedCases,
        comparisons: compareMethods([...cases.values()], methods),
        cases: [...cases.values()],
      };
    },
  };
  return collector;
}
