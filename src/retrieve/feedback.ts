/**
 * Pseudo-relevance feedback (RM3-style query expansion): the words that characterise the best full-text hits are
 * added to the query at a lower weight and the full-text search runs again, so a passage that words the same thing
 * differently can still be found. A word's weight is its relevance-model probability, the sum over the leading hits
 * of its share of the hit's words times the hit's share of their BM25 scores (Lavrenko and Croft, 2001), times its
 * rarity in the corpus, so the words every passage uses count for little. Rarity is estimated once per index from
 * an evenly spaced sample of its passages (`corpusSample`), which bounds the cost at any corpus size.
 *
 * Words are compared as the text module compares them (text/terms.ts: its tokens, stemmer and stop words); each
 * chosen stem is sent to the index as the surface form the hits use most, since the index stems with its own rules.
 * Numbers are not expansion words: a rule number says nothing about a topic on its own.
 */
import type { Passage } from '../corpus/types.js';
import type { RankedCandidate } from '../index/search-backend.js';
import { matchingStopWords } from '../text/stop-words.js';
import { stem, tokenize } from '../text/terms.js';

export interface FeedbackSettings {
  /** Leading full-text hits the expansion words are taken from; 0 turns feedback off. */
  documents: number;
  /** Expansion words added to the query. */
  terms: number;
  /** Weight of the expansion words against the user's own (1). */
  weight: number;
  /**
   * `replace`: the expanded search is the full-text list. `fuse`: the first list stays and the expanded one is fused
   * beside it at `listWeight`, so a hit the expansion drops keeps its place.
   */
  combine: 'replace' | 'fuse';
  /** Weight of the expanded list in fusion when `combine` is `fuse` (the first full-text list has 1). */
  listWeight: number;
  /**
   * `equal`: every expansion word at `weight`. `relevance`: each at `weight` times its relevance-model weight over the
   * best one's, as RM3 weights them.
   */
  termWeights: 'equal' | 'relevance';
}

/** An expansion word and its weight relative to the best one (1). */
export interface FeedbackTerm {
  word: string;
  weight: number;
}

/** How often each stem occurs in a sample of the corpus' passages. */
export interface TermRarity {
  /** ln((sampled + 1) / (frequency + 0.5)): high for a word few sampled passages use. */
  rarity(stem: string): number;
}

/** Passages read to estimate rarity; a few thousand tell common words from rare ones at any corpus size. */
export const corpusSample = 2000;

const minimumWordLength = 3;

/** The stems of a text that can be expansion words, each with the surface word it was read from. */
function feedbackWords(text: string): { stem: string; word: string }[] {
  const words: { stem: string; word: string }[] = [];
  for (const token of tokenize(text)) {
    if (token.length < minimumWordLength || matchingStopWords.has(token) || /^\d+$/.test(token)) continue;
    words.push({ stem: stem(token), word: token });
  }
  return words;
}

/** Rarity from passages sampled evenly across the index (all of them in a small one). */
export function termRarityOf(passages: readonly Pick<Passage, 'text'>[]): TermRarity {
  const frequency = new Map<string, number>();
  for (const passage of passages)
    for (const term of new Set(feedbackWords(passage.text).map((word) => word.stem)))
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const sampled = passages.length;
  return { rarity: (term) => Math.log((sampled + 1) / ((frequency.get(term) ?? 0) + 0.5)) };
}

/** Evenly spaced ids of at most `corpusSample` passages, the same ones for the same index. */
export function sampleIds(ids: readonly string[], size = corpusSample): string[] {
  if (ids.length <= size) return [...ids];
  const step = ids.length / size;
  return Array.from({ length: size }, (_, index) => ids[Math.floor(index * step)]!);
}

/**
 * The expansion words for a query, best first, as the index should see them; none when feedback is off or the
 * first list has no more hits than the feedback reads (too few to tell a topic's words from the query's accidents).
 */
export function feedbackTerms(
  query: string,
  hits: readonly RankedCandidate[],
  settings: Pick<FeedbackSettings, 'documents' | 'terms'>,
  corpus: TermRarity,
): string[] {
  return weightedFeedbackTerms(query, hits, settings, corpus).map((term) => term.word);
}

/** The expansion words with their weights relative to the best (feedbackTerms). */
export function weightedFeedbackTerms(
  query: string,
  hits: readonly RankedCandidate[],
  settings: Pick<FeedbackSettings, 'documents' | 'terms'>,
  corpus: TermRarity,
): FeedbackTerm[] {
  if (settings.documents <= 0 || settings.terms <= 0 || hits.length <= settings.documents) return [];
  const queryStems = new Set(feedbackWords(query).map((word) => word.stem));
  const leading = hits.slice(0, settings.documents);
  const totalScore = leading.reduce((sum, hit) => sum + Math.max(0, hit.score), 0);
  const weights = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  leading.forEach((hit) => {
    const words = feedbackWords(hit.passage?.text ?? '');
    if (words.length === 0) return;
    const hitWeight = totalScore > 0 ? Math.max(0, hit.score) / totalScore : 1 / leading.length;
    for (const { stem: term, word } of words) {
      if (queryStems.has(term)) continue;
      weights.set(term, (weights.get(term) ?? 0) + hitWeight / words.length);
      const forms = surfaces.get(term) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      surfaces.set(term, forms);
    }
  });
  const ranked = [...weights.entries()]
    .map(([term, weight]) => [term, weight * Math.max(0, corpus.rarity(term))] as const)
    .filter(([, weight]) => weight > 0)
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, settings.terms);
  const best = ranked[0]?.[1] ?? 1;
  return ranked.map(([term, weight]) => ({ word: mostUsed(surfaces.get(term)!), weight: weight / best }));
}

/** The word groups of the expanded query (`FulltextQuery.feedback`): one group, or one per word. */
export function feedbackGroups(
  terms: readonly FeedbackTerm[],
  settings: Pick<FeedbackSettings, 'weight' | 'termWeights'>,
): { text: string; weight: number }[] {
  if (terms.length === 0) return [];
  if (settings.termWeights === 'equal')
    return [{ text: terms.map((term) => term.word).join(' '), weight: settings.weight }];
  return terms.map((term) => ({ text: term.word, weight: settings.weight * term.weight }));
}

function mostUsed(forms: Map<string, number>): string {
  let best = '';
  let count = -1;
  for (const [form, seen] of forms) if (seen > count || (seen === count && form < best)) [best, count] = [form, seen];
  return best;
}
