/**
 * Runs one `{ data, task, scorers }` evaluation: tasks with bounded concurrency, every scorer on every output, then
 * averages overall and per category. A task that throws is recorded as a failed case (its scores are null and it is
 * counted in `failedCases`, which reports show and the gate can bound) so one failure never stops the run; tasks
 * that can fail in a gradable way (an answer with status `error`) should return that as their output instead.
 */
import { averageByGroup, averageScores } from './aggregate.js';
import type { CaseResult, Eval, EvalCase, EvalResult, ScoreResult } from './eval.js';

export interface RunEvalOptions {
  concurrency?: number;
}

export async function runEval<Input, Output, Expected>(
  evaluation: Eval<Input, Output, Expected>,
  options: RunEvalOptions = {},
): Promise<EvalResult<Input, Output, Expected>> {
  const startedAt = performance.now();
  const cases = await evaluation.data();
  const results = new Array<CaseResult<Input, Output, Expected>>(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(evaluation, cases[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, cases.length)) }, worker));

  const metrics = evaluation.scorers.map((scorer) => scorer.name);
  const scoreRow = (result: CaseResult<Input, Output, Expected>) =>
    Object.fromEntries(metrics.map((metric) => [metric, result.scores[metric]?.score ?? null]));
  return {
    name: evaluation.name,
    cases: results,
    averages: averageScores(results.map(scoreRow), metrics),
    byCategory: averageByGroup(results, (result) => result.evalCase.category, scoreRow, metrics),
    failedCases: results.filter((result) => result.error !== undefined).length,
    durationMs: performance.now() - startedAt,
  };
}

async function runCase<Input, Output, Expected>(
  evaluation: Eval<Input, Output, Expected>,
  evalCase: EvalCase<Input, Expected>,
): Promise<CaseResult<Input, Output, Expected>> {
  const startedAt = performance.now();
  let output: Output;
  try {
    output = await evaluation.task(evalCase.input, evalCase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      evalCase,
      error: message,
      scores: Object.fromEntries(
        evaluation.scorers.map((scorer) => [scorer.name, { score: null, details: `task failed: ${message}` }]),
      ),
      durationMs: performance.now() - startedAt,
    };
  }
  const durationMs = performance.now() - startedAt;
  const scores: Record<string, ScoreResult> = {};
  for (const scorer of evaluation.scorers) {
    try {
      scores[scorer.name] = normalise(
        await scorer.score({ input: evalCase.input, output, expected: evalCase.expected }),
      );
    } catch (error) {
      scores[scorer.name] = { score: 0, details: `scorer failed: ${error instanceof Error ? error.message : error}` };
    }
  }
  return { evalCase, output, scores, durationMs };
}

function normalise(value: number | null | ScoreResult): ScoreResult {
  if (value === null || typeof value === 'number') return { score: clamp(value) };
  return { ...value, score: clamp(value.score) };
}

function clamp(value: number | null): number | null {
  if (value === null || Number.isNaN(value)) return null;
  return Math.min(1, Math.max(0, value));
}
