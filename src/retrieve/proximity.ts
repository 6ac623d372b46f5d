/**
 * Term proximity: a passage where the question's words stand near each other, as they do in the question, is more
 * likely about what was asked than one that has the same words scattered (BM25 scores words one at a time). The
 * full-text list is re-ranked by its BM25 score, divided by the list's best, plus the weighted share of the question's
 * neighbouring word pairs that the passage has within a few words of each other (an unordered window, as in the
 * sequential dependence model of Metzler and Croft, 2005). Each pair counts by the rarity of its words in the corpus,
 * so a pair of common words says little.
 *
 * Words are compared as the text module compares them (text/terms.ts: its tokens, stemmer and stop words); distances
 * count every word, stop words included, so "transfer of personal data" keeps "transfer" three words from "data".
 */
import type { RankedCandidate } from '../index/search-backend.js';
import { matchingStopWords } from '../text/stop-words.js';
import { stem, tokenize } from '../text/terms.js';
import type { TermRarity } from './feedback.js';

export interface ProximitySettings {
  /** Weight of the proximity share against the BM25 score over the list's best (1); 0 leaves the list as it is. */
  weight: number;
  /** Largest distance in words between the two words of a pair for the pair to count. */
  window: number;
}

interface WordPair {
  first: string;
  second: string;
  weight: number;
}

/** The stems of a text's words (its tokens) that are not stop words, with their positions among all its words. */
function positionedStems(tokens: readonly string[], wanted?: ReadonlySet<string>): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, position) => {
    if (matchingStopWords.has(token)) return;
    const term = stem(token);
    if (wanted && !wanted.has(term)) return;
    const list = positions.get(term);
    if (list) list.push(position);
    else positions.set(term, [position]);
  });
  return positions;
}

/** Neighbouring content words of the question (stop words skipped), each distinct pair once. */
function questionPairs(question: string, rarity: TermRarity | undefined): WordPair[] {
  const terms = tokenize(question)
    .filter((token) => !matchingStopWords.has(token))
    .map(stem);
  const pairs = new Map<string, WordPair>();
  for (let index = 0; index + 1 < terms.length; index++) {
    const [first, second] = [terms[index]!, terms[index + 1]!].sort();
    if (first === second) continue;
    const weight = rarity ? (Math.max(0, rarity.rarity(first!)) + Math.max(0, rarity.rarity(second!))) / 2 : 1;
    if (weight > 0) pairs.set(`${first} ${second}`, { first: first!, second: second!, weight });
  }
  return [...pairs.values()];
}

/** Whether some position of one list is within `window` of some position of the other (both ascending). */
function within(left: readonly number[], right: readonly number[], window: number): boolean {
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length && rightIndex < right.length) {
    const distance = left[leftIndex]! - right[rightIndex]!;
    if (Math.abs(distance) <= window) return true;
    if (distance < 0) leftIndex++;
    else rightIndex++;
  }
  return false;
}

/**
 * The weighted share of the pairs a text has within the window, from 0 to 1. Counting each pair once, rather than
 * saturating its occurrences against the passage's length as BM25 does a word's (BM25TP), measured better on both
 * ObliQA and the golden set.
 */
function pairShare(positions: ReadonlyMap<string, number[]>, pairs: readonly WordPair[], window: number): number {
  let total = 0;
  let found = 0;
  for (const pair of pairs) {
    total += pair.weight;
    const first = positions.get(pair.first);
    const second = positions.get(pair.second);
    if (first && second && within(first, second, window)) found += pair.weight;
  }
  return total > 0 ? found / total : 0;
}

/** Each hit's proximity share, in list order (0 for a hit without its passage). */
function shares(hits: readonly RankedCandidate[], pairs: readonly WordPair[], window: number): number[] {
  const words = new Set(pairs.flatMap((pair) => [pair.first, pair.second]));
  return hits.map((hit) =>
    hit.passage ? pairShare(positionedStems(tokenize(hit.passage.text), words), pairs, window) : 0,
  );
}

/**
 * The hits that have some of the question's word pairs within the window, by that share (ties in list order): a list
 * of its own to fuse beside full text.
 */
export function proximityList(
  question: string,
  hits: readonly RankedCandidate[],
  settings: Pick<ProximitySettings, 'window'>,
  rarity?: TermRarity,
): RankedCandidate[] {
  const pairs = questionPairs(question, rarity);
  if (pairs.length === 0) return [];
  const found = shares(hits, pairs, settings.window);
  return hits
    .flatMap((hit, rank) => (found[rank]! > 0 ? [{ hit, rank, share: found[rank]! }] : []))
    .sort((left, right) => right.share - left.share || left.rank - right.rank)
    .map(({ hit, share }) => ({ ...hit, score: share }));
}

/**
 * The full-text list in the order of BM25 over the list's best plus `weight` times the proximity share; a list the
 * question gives no pair for, or whose hits carry no passages, is returned as it is.
 */
export function proximityReranked(
  question: string,
  hits: readonly RankedCandidate[],
  settings: ProximitySettings,
  rarity?: TermRarity,
): RankedCandidate[] {
  if (settings.weight <= 0 || hits.length < 2) return [...hits];
  const pairs = questionPairs(question, rarity);
  const best = Math.max(0, ...hits.map((hit) => hit.score));
  if (pairs.length === 0 || best <= 0) return [...hits];
  const found = shares(hits, pairs, settings.window);
  return hits
    .map((hit, rank) => ({ hit, rank, score: hit.score / best + settings.weight * found[rank]! }))
    .sort((left, right) => right.score - left.score || left.rank - right.rank)
    .map(({ hit, score }) => ({ ...hit, score }));
}
