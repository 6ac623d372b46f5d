/**
 * The quality gate: minimum (or maximum) values for named metrics, kept in evals/thresholds.json. The gate applies
 * to the dataset and answer model the thresholds were set for (the golden set with the local model); elsewhere it is
 * reported as not applicable. A metric that was not measured fails, since a silent gap is how regressions slip by.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import type { MetricValues } from '../report/report-model.js';

export const thresholdsSchema = z.object({
  description: z.string().optional(),
  appliesTo: z.object({ dataset: z.string(), answerModel: z.string().optional() }),
  metrics: z.record(
    z.string(),
    z
      .object({ min: z.number().optional(), max: z.number().optional(), note: z.string().optional() })
      .refine((bound) => bound.min !== undefined || bound.max !== undefined, 'a threshold needs min or max'),
  ),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export interface GateCheck {
  metric: string;
  actual: number | null;
  min?: number;
  max?: number;
  passed: boolean;
  message: string;
}

export interface GateResult {
  applicable: boolean;
  reason?: string;
  passed: boolean;
  checks: GateCheck[];
  failures: GateCheck[];
}

export async function loadThresholds(file: string): Promise<Thresholds> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('invalid_config', `Cannot read the thresholds file ${file}: ${(error as Error).message}`);
  }
  const parsed = thresholdsSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'invalid_config',
      `${file} is not a valid thresholds file: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function checkGate(
  metrics: MetricValues,
  thresholds: Thresholds,
  context: { dataset: string; answerModel?: string; sampled?: boolean },
): GateResult {
  // Thresholds are measured on whole sets; a sample's noise would fail (or pass) runs for no reason.
  if (context.sampled) return notApplicable('a sample is reported, not gated: thresholds hold for the whole set');
  if (context.dataset !== thresholds.appliesTo.dataset) {
    return notApplicable(`thresholds are set for the ${thresholds.appliesTo.dataset} dataset, not ${context.dataset}`);
  }
  if (thresholds.appliesTo.answerModel && context.answerModel !== thresholds.appliesTo.answerModel) {
    return notApplicable(
      `thresholds are set for answer model ${thresholds.appliesTo.answerModel}, not ${context.answerModel ?? 'none'}`,
    );
  }
  const checks = Object.entries(thresholds.metrics).map(([metric, bound]): GateCheck => {
    const actual = metrics[metric] ?? null;
    const base = { metric, actual, min: bound.min, max: bound.max };
    if (actual === null) return { ...base, passed: false, message: `${metric} was not measured` };
    if (bound.min !== undefined && actual < bound.min) {
      return {
        ...base,
        passed: false,
        message: `${metric} is ${format(actual)}, below the minimum ${format(bound.min)}`,
      };
    }
    if (bound.max !== undefined && actual > bound.max) {
      return {
        ...base,
        passed: false,
        message: `${metric} is ${format(actual)}, above the maximum ${format(bound.max)}`,
      };
    }
    const limit = bound.min !== undefined ? `>= ${format(bound.min)}` : `<= ${format(bound.max!)}`;
    return { ...base, passed: true, message: `${metric} is ${format(actual)} (${limit})` };
  });
  const failures = checks.filter((check) => !check.passed);
  return { applicable: true, passed: failures.length === 0, checks, failures };
}

function notApplicable(reason: string): GateResult {
  return { applicable: false, reason, passed: true, checks: [], failures: [] };
}

function format(value: number): string {
  return value.toFixed(3);
}
