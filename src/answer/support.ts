/**
 * How well a sentence is backed by the passages it cites: a deterministic lexical score in 0–1, used to flag
 * unsupported answer sentences, to choose citation quotes, and by the evaluation suite.
 *
 * The score is mostly recall: what share of the sentence's content words (stemmed, weighted) the passages contain,
 * with partial credit for related word forms, plus a bonus for word pairs that appear in the same order. Numbers
 * (article numbers, dates, amounts) must appear in the evidence, since a wrong number is the commonest way a fluent
 * sentence misstates its source.
 */
import { stripMarkers } from '../text/citation-markers.js';
import { formatDate } from '../text/dates.js';
import { contentTerms, isNumberTerm, noWeakTerms, termWeight, tokenize } from '../text/terms.js';

/** A passage as evidence: its text plus the metadata shown beside it (a heading or date may carry a number). */
export type SupportEvidence = string | { text: string; heading?: string; title?: string; published?: string };

export interface SupportScore {
  /** Support by all given passages together, 0–1. */
  score: number;
  /** Support by each passage alone, 0–1, in input order. */
  perPassage: number[];
  /** Index of the best single passage, or -1 when there is none. */
  best: number;
}

/** Sentences scoring at least this are considered supported by their citations. */
export const supportThreshold = 0.5;

const negations = new Set(['not', 'no', 'never', 'neither', 'nor', 'without', 'cannot', 'none']);

interface PreparedEvidence {
  terms: Set<string>;
  prefixes: Set<string>;
  bigrams: Set<string>;
  hasNegation: boolean;
}

/** `weakTerms`: stems of the field's weak words (the field vocabulary's `weak_words`), which count less. */
export function scoreSupport(
  sentence: string,
  passages: readonly SupportEvidence[],
  weakTerms: ReadonlySet<string> = noWeakTerms,
): SupportScore {
  const { terms, bigrams: sentenceBigrams, negated: sentenceNegated } = prepareSentence(sentence);
  if (terms.length === 0 || passages.length === 0) {
    return { score: 0, perPassage: passages.map(() => 0), best: passages.length ? 0 : -1 };
  }
  const prepared = passages.map(prepare);

  const weights = terms.map((term) => termWeight(term, weakTerms));
  const perPassage = prepared.map((evidence) => score(terms, weights, sentenceBigrams, sentenceNegated, [evidence]));
  const combined =
    prepared.length === 1 ? perPassage[0]! : score(terms, weights, sentenceBigrams, sentenceNegated, prepared);
  let best = 0;
  perPassage.forEach((value, index) => {
    if (value > perPassage[best]!) best = index;
  });
  return { score: combined, perPassage, best };
}

function score(
  terms: string[],
  weights: number[],
  sentenceBigrams: string[],
  sentenceNegated: boolean,
  evidence: PreparedEvidence[],
): number {
  let total = 0;
  let matched = 0;
  let missingNumbers = 0;
  for (const [index, term] of terms.entries()) {
    const weight = weights[index]!;
    total += weight;
    if (evidence.some((item) => item.terms.has(term))) {
      matched += weight;
    } else if (isNumberTerm(term)) {
      missingNumbers++;
    } else if (term.length >= 5 && evidence.some((item) => item.prefixes.has(term.slice(0, 5)))) {
      // Related forms the stemmer did not join ("surveil" / "surveillance").
      matched += weight * 0.6;
    }
  }
  const recall = total === 0 ? 0 : matched / total;
  const pairRecall =
    sentenceBigrams.length === 0
      ? recall
      : sentenceBigrams.filter((pair) => evidence.some((item) => item.bigrams.has(pair))).length /
        sentenceBigrams.length;
  let value = 0.8 * recall + 0.2 * pairRecall;
  value *= Math.pow(0.6, missingNumbers);
  if (sentenceNegated && !evidence.some((item) => item.hasNegation)) value *= 0.8;
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

interface PreparedSentence {
  terms: string[];
  bigrams: string[];
  negated: boolean;
}

/** Choosing a quote scores one answer sentence against each sentence of a passage: the answer side is read once. */
const preparedSentences = new Map<string, PreparedSentence>();

function prepareSentence(sentence: string): PreparedSentence {
  const cached = preparedSentences.get(sentence);
  if (cached) return cached;
  const sequence = contentTerms(stripMarkers(sentence));
  const prepared = {
    terms: unique(sequence),
    bigrams: bigrams(sequence),
    negated: tokenize(sentence).some((token) => negations.has(token)),
  };
  if (preparedSentences.size > 5_000) preparedSentences.clear();
  preparedSentences.set(sentence, prepared);
  return prepared;
}

const preparedCache = new WeakMap<object, PreparedEvidence>();
const preparedTextCache = new Map<string, PreparedEvidence>();

function prepare(evidence: SupportEvidence): PreparedEvidence {
  const cached = typeof evidence === 'object' ? preparedCache.get(evidence) : preparedTextCache.get(evidence);
  if (cached) return cached;
  const text =
    typeof evidence === 'string'
      ? evidence
      : [evidence.title ?? '', evidence.heading ?? '', evidence.published ?? '', evidence.text].join('\n');
  const sequence = contentTerms(text);
  const terms = new Set(sequence);
  // ISO dates in metadata become day, month name and year terms, as they are written in prose.
  if (typeof evidence === 'object' && evidence.published) {
    for (const term of contentTerms(formatDate(evidence.published))) terms.add(term);
  }
  const prefixes = new Set<string>();
  for (const term of terms) if (term.length >= 5) prefixes.add(term.slice(0, 5));
  const prepared: PreparedEvidence = {
    terms,
    prefixes,
    bigrams: new Set(bigrams(sequence)),
    hasNegation: tokenize(text).some((token) => negations.has(token)),
  };
  if (typeof evidence === 'object') preparedCache.set(evidence, prepared);
  else {
    if (preparedTextCache.size > 5_000) preparedTextCache.clear();
    preparedTextCache.set(evidence, prepared);
  }
  return prepared;
}

/** Ordered pairs of content terms, allowing one word in between (so light rewording still counts). */
function bigrams(sequence: string[]): string[] {
  const pairs: string[] = [];
  for (let index = 0; index < sequence.length - 1; index++) {
    pairs.push(`${sequence[index]} ${sequence[index + 1]}`);
    if (index < sequence.length - 2) pairs.push(`${sequence[index]} ${sequence[index + 2]}`);
  }
  return pairs;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
