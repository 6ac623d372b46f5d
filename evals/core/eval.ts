/**
 * The shape every evaluation is written in, after evalite: `{ data, task, scorers }`. `data` yields cases (input plus
 * what is expected), `task` turns an input into an output, and each scorer grades one output in 0–1. A scorer
 * returns `null` when it does not apply to a case (key facts of an off-topic question), so averages only cover the
 * cases a metric is defined for.
 */

export interface EvalCase<Input, Expected> {
  id: string;
  /** Grouping for per-category averages (the golden set's category, or the dataset name). */
  category: string;
  input: Input;
  expected: Expected;
}

export interface ScoreInput<Input, Output, Expected> {
  input: Input;
  output: Output;
  expected: Expected;
}

export interface ScoreResult {
  /** 0–1, or null when the scorer does not apply to this case. */
  score: number | null;
  /** Why the score is what it is; shown in the report's drill-down. */
  details?: string;
}

export interface Scorer<Input, Output, Expected> {
  /** Metric name as it appears in reports, thresholds and baselines (`recall@10`). */
  name: string;
  /** What the scorer measures and when to use it. */
  description: string;
  score(
    options: ScoreInput<Input, Output, Expected>,
  ): number | null | ScoreResult | Promise<number | null | ScoreResult>;
}

export interface Eval<Input, Output, Expected> {
  name: string;
  data: () => Promise<EvalCase<Input, Expected>[]> | EvalCase<Input, Expected>[];
  task: (input: Input, evalCase: EvalCase<Input, Expected>) => Promise<Output>;
  scorers: Scorer<Input, Output, Expected>[];
}

export interface CaseResult<Input, Output, Expected> {
  evalCase: EvalCase<Input, Expected>;
  /** Undefined when the task threw. */
  output?: Output;
  error?: string;
  scores: Record<string, ScoreResult>;
  durationMs: number;
}

export interface EvalResult<Input, Output, Expected> {
  name: string;
  cases: CaseResult<Input, Output, Expected>[];
  /** Mean of every scorer over the cases it applies to; null when it applied to none. */
  averages: Record<string, number | null>;
  /** The same averages per category. */
  byCategory: Record<string, Record<string, number | null>>;
  /** Cases whose task threw. */
  failedCases: number;
  durationMs: number;
}
