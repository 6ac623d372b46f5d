/** What an abstention says and shows instead of an answer. */
import type { SearchHit } from '../retrieve/types.js';
import type { SourcePassage } from './record.js';
import { toSourcePassage } from './sources.js';

/** Closest passages listed with an abstention ("what the corpus does have"). */
const closestPassageCount = 3;

export const instructionsOnlyReason =
  'This message only gives the assistant instructions; it asks nothing about vendors, security, privacy, regulation or related news. Ask a question about one of those.';

export const unsupportedReason = 'The passages retrieved do not support an answer to this question.';

/** A refusal's text. Surfaces that list the closest passages say so themselves, so the text never points "below". */
export function refusalAnswer(reason: string): string {
  return `I can't answer this from the corpus. ${reason}`;
}

export function closestPassages(hits: readonly SearchHit[]): SourcePassage[] {
  return hits.slice(0, closestPassageCount).map((hit) => toSourcePassage(hit.passage, hit.score));
}
