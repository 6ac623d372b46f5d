/**
 * Pseudo-relevance feedback (RM3-style query expansion): the words that characterise the best full-text hits are
 * added to the query at a lower weight and the full-text search runs again, so a passage that words the same thing
 * differently ("write-down" for "write off") can still be found. Term statistics come from the first list itself:
 * a word's weight is its share of each leading passage, weighted by that passage's rank, times its inverse
 * frequency among all the first list's passages, so words every hit shares (the corpus' or the topic's common
 * words) count for little. No corpus-wide statistics are needed, so it works on any index as it stands.
 */
import type { RankedCandidate } from '../index/search-backend.js';
import { stopWords, tokenize } from '../text/tokens.js';

export interface FeedbackSettings {
  /** Leading full-text hits the expansion words are taken from; 0 turns feedback off. */
  documents: number;
  /** Expansion words added to the query. */
  terms: number;
  /** Weight of the expansion words against the user's own (1). */
  weight: number;
}

const minimumWordLength = 3;

/** The expansion words for a query, best first; none when the list is too short to tell common words apart. */
export function feedbackTerms(
  query: string,
  hits: readonly RankedCandidate[],
  settings: Pick<FeedbackSettings, 'documents' | 'terms'>,
): string[] {
  if (settings.documents <= 0 || settings.terms <= 0 || hits.length <= settings.documents) return [];
  const queryWords = new Set(tokenize(query).map((token) => token.text));
  // Short words and bare numbers ("12.2") say nothing about a topic on their own.
  const ignored = (word: string) => word.length < minimumWordLength || /^[\d.'-]+$/.test(word) || stopWords.has(word);
  const wordsOf = (hit: RankedCandidate) =>
    tokenize(hit.passage?.text ?? '')
      .map((token) => token.text)
      .filter((word) => !ignored(word));
  const documentFrequency = new Map<string, number>();
  const lists = hits.map(wordsOf);
  for (const words of lists)
    for (const word of new Set(words)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const weights = new Map<string, number>();
  lists.slice(0, settings.documents).forEach((words, rank) => {
    if (words.length === 0) return;
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    for (const [word, count] of counts) {
      if (queryWords.has(word)) continue;
      const rarity = Math.log(hits.length / documentFrequency.get(word)!);
      weights.set(word, (weights.get(word) ?? 0) + ((count / words.length) * rarity) / (rank + 1));
    }
  });
  return [...weights.entries()]
    .filter(([, weight]) => weight > 0)
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, settings.terms)
    .map(([word]) => word);
}
