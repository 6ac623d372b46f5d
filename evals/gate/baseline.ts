/**
 * The saved baseline (evals/baseline.json, committed): the overall and per-category metrics of a reference run, so
 * every later run shows what moved. Deltas are signed current − baseline; a change beyond the tolerance in the bad
 * direction is marked as a regression.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { lowerIsBetter, type EvalReport, type MetricValues } from '../report/report-model.js';

export interface Baseline {
  format: 1;
  createdAt: string;
  dataset: EvalReport['dataset'];
  setup: EvalReport['setup'];
  metrics: MetricValues;
  byCategory: Record<string, MetricValues>;
}

export interface MetricDelta {
  metric: string;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  regressed: boolean;
  improved: boolean;
}

export interface BaselineComparison {
  path: string;
  createdAt: string;
  /** False when the baseline was measured on other data (a sample, another set): deltas are then only indicative. */
  comparable: boolean;
  note?: string;
  deltas: MetricDelta[];
  regressions: MetricDelta[];
}

/** Changes smaller than this are noise from rounding, not movement. */
export const deltaTolerance = 0.005;

export async function readBaseline(file: string): Promise<Baseline | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Baseline;
  } catch {
    return undefined;
  }
}

export function toBaseline(report: EvalReport): Baseline {
  return {
    format: 1,
    createdAt: report.createdAt,
    dataset: report.dataset,
    setup: report.setup,
    metrics: report.metrics,
    byCategory: report.byCategory,
  };
}

export async function saveBaseline(file: string, report: EvalReport): Promise<void> {
  await writeFile(file, `${formatJson(toBaseline(report))}\n`);
}

/**
 * JSON laid out the way the repository's formatter lays it out (objects expanded, short lists of plain values on one
 * line), so a freshly saved baseline passes `npm run format:check` without a formatting commit.
 */
export function formatJson(value: unknown, indent = '', prefixLength = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const line = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      if (indent.length + prefixLength + line.length <= 118) return line;
    }
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${formatJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries
      .map(([key, item]) => {
        const prefix = `${JSON.stringify(key)}: `;
        return `${inner}${prefix}${formatJson(item, inner, prefix.length)}`;
      })
      .join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function compareWithBaseline(current: EvalReport, baseline: Baseline, path: string): BaselineComparison {
  const sameData =
    baseline.dataset.kind === current.dataset.kind &&
    baseline.dataset.name === current.dataset.name &&
    baseline.dataset.questions === current.dataset.questions;
  const metrics = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(current.metrics)])];
  const deltas = metrics.map((metric): MetricDelta => {
    const before = baseline.metrics[metric] ?? null;
    const after = current.metrics[metric] ?? null;
    const delta = before === null || after === null ? null : after - before;
    // On other data (a sample, another set) a difference is not a change of the system, so nothing is flagged.
    const worse =
      sameData && delta !== null && (lowerIsBetter(metric) ? delta > deltaTolerance : delta < -deltaTolerance);
    const better =
      sameData && delta !== null && (lowerIsBetter(metric) ? delta < -deltaTolerance : delta > deltaTolerance);
    return { metric, baseline: before, current: after, delta, regressed: worse, improved: better };
  });
  return {
    path,
    createdAt: baseline.createdAt,
    comparable: sameData,
    note: sameData
      ? undefined
      : `baseline measured on ${baseline.dataset.name} (${baseline.dataset.questions} questions), this run on ${current.dataset.name} (${current.dataset.questions})`,
    deltas,
    regressions: deltas.filter((delta) => delta.regressed),
  };
}
