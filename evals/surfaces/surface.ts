/**
 * A surface is a way a user reaches the assistant (in-process call, `/api/ask`, the Slack slash command, a batch CSV).
 * The consistency check puts the same questions through each and compares what comes back: the status and the
 * cited passages. Adding a surface means one more implementation of this interface in surfaces/index.ts.
 */
import type { SearchFilters } from '../../src/retrieve/types.js';

export interface SurfaceQuestion {
  id: string;
  question: string;
  filters?: SearchFilters;
}

export interface SurfaceAnswer {
  status: string;
  /** Cited passage ids in marker order. */
  citedPassageIds: string[];
  answerId?: string;
}

export type SurfaceOutcome = SurfaceAnswer | { error: string };

export interface AnswerSurface {
  readonly name: string;
  /** Whether the surface can carry these filters; questions it cannot express are left out of its comparison. */
  canExpress(filters: SearchFilters | undefined): boolean;
  answerAll(questions: readonly SurfaceQuestion[]): Promise<Map<string, SurfaceOutcome>>;
  close?(): Promise<void>;
}

/** Differences between a surface's answer and the reference answer; empty when they agree. */
export function compareAnswers(reference: SurfaceOutcome, candidate: SurfaceOutcome | undefined): string[] {
  if (!candidate) return ['no answer'];
  if ('error' in reference) return [`reference failed: ${reference.error}`];
  if ('error' in candidate) return [`failed: ${candidate.error}`];
  const differences: string[] = [];
  if (candidate.status !== reference.status) differences.push(`status ${candidate.status} ≠ ${reference.status}`);
  if (candidate.citedPassageIds.join(' ') !== reference.citedPassageIds.join(' ')) {
    differences.push(`citations [${candidate.citedPassageIds.join(', ')}] ≠ [${reference.citedPassageIds.join(', ')}]`);
  }
  return differences;
}

export function hasNoFilters(filters: SearchFilters | undefined): boolean {
  return filters === undefined || Object.keys(filters).length === 0;
}
