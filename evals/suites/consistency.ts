/**
 * Cross-surface consistency: the same questions through every available surface must come back with the same status
 * and the same cited passages as the in-process reference. Scored per surface as the share of questions that agree.
 */
import type { GoldenQuestion } from '../datasets/golden.js';
import { toSearchFilters } from '../datasets/golden.js';
import { compareAnswers, type SurfaceQuestion } from '../surfaces/surface.js';
import type { SurfaceSet } from '../surfaces/index.js';

export interface ConsistencyResult {
  /** Share of compared questions that agree, per surface; null when the surface could express none. */
  bySurface: Record<string, { rate: number | null; compared: number }>;
  /** Share of (question, surface) comparisons that agree. */
  overall: number | null;
  mismatches: { questionId: string; surface: string; differences: string[] }[];
  unavailable: { name: string; reason: string }[];
  questions: number;
}

export async function checkConsistency(
  surfaces: SurfaceSet,
  questions: readonly GoldenQuestion[],
): Promise<ConsistencyResult> {
  const asked: SurfaceQuestion[] = questions.map((question) => ({
    id: question.id,
    question: question.question,
    filters: toSearchFilters(question.filters),
  }));
  const reference = await surfaces.reference.answerAll(asked);
  const bySurface: ConsistencyResult['bySurface'] = {};
  const mismatches: ConsistencyResult['mismatches'] = [];
  let agreeing = 0;
  let compared = 0;
  for (const surface of surfaces.others) {
    const expressible = asked.filter((question) => surface.canExpress(question.filters));
    const outcomes = await surface.answerAll(expressible);
    let surfaceAgreeing = 0;
    for (const question of expressible) {
      const differences = compareAnswers(reference.get(question.id)!, outcomes.get(question.id));
      if (differences.length === 0) surfaceAgreeing++;
      else mismatches.push({ questionId: question.id, surface: surface.name, differences });
    }
    bySurface[surface.name] = {
      rate: expressible.length ? surfaceAgreeing / expressible.length : null,
      compared: expressible.length,
    };
    agreeing += surfaceAgreeing;
    compared += expressible.length;
  }
  return {
    bySurface,
    overall: compared ? agreeing / compared : null,
    mismatches,
    unavailable: surfaces.unavailable,
    questions: asked.length,
  };
}
