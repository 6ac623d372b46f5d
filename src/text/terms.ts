/**
 * Terms for matching text to text: word tokens, a light English stemmer and stop words. The support scorer, the
 * evidence check, the fact check and the local extractive model all compare text through these, so they agree on what
 * "the same word" means. (Search tokens for the vector models are text/tokens.ts: they keep "cross-border" whole.)
 */
import { chineseArticlePattern, chineseNumber } from './chinese-numbers.js';
import { containsHan } from './cjk.js';
import { countryOfAdjective } from './demonyms.js';
import { matchingStopWords } from './stop-words.js';
import { hanBigrams } from './tokens.js';

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Lower-cased word tokens; hyphenated and slashed words become separate tokens ("ISO/IEC" → iso, iec). Chinese has no
 * spaces, so a run of Han characters becomes its overlapping character pairs ("数据出境" → 数据, 据出, 出境), the
 * usual unit for matching Chinese text without a dictionary; an article number written the Chinese way ("第七条")
 * also yields "article" and its number, so it meets "Article 7".
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(wordPattern)) {
    const token = match[0].replace(/['’]s$/u, '').replace(/['’]/gu, '');
    if (token === '') continue;
    if (!containsHan(token)) {
      tokens.push(token);
      continue;
    }
    for (const part of token.split(/(\p{Script=Han}+)/u)) {
      if (part === '') continue;
      if (!containsHan(part)) {
        tokens.push(part);
        continue;
      }
      for (const article of part.matchAll(chineseArticlePattern)) {
        const number = chineseNumber(article[1]!);
        if (number !== undefined) tokens.push('article', String(number));
      }
      tokens.push(...hanBigrams(part));
    }
  }
  return tokens;
}

const suffixes: readonly (readonly [string, string])[] = [
  ['ification', 'ify'],
  ['ified', 'ify'],
  ['ifies', 'ify'],
  ['isation', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ition', 'ite'],
  ['ement', ''],
  ['ment', ''],
  ['ness', ''],
  ['ingly', ''],
  ['edly', ''],
  ['ating', 'ate'],
  ['ing', ''],
  ['age', ''],
  ['ed', ''],
  ['ity', ''],
  ['ive', ''],
  ['ise', 'ize'],
  ['al', ''],
  ['ly', ''],
  ['er', ''],
];

/**
 * A small suffix-stripping stemmer in the spirit of Porter's: enough to make "cooperate", "cooperation" and
 * "cooperating" meet, deterministic and dependency-free. Numbers and short words are kept as they are.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const result = computeStem(word);
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(word, result);
  return result;
}

const stemCache = new Map<string, string>();

function computeStem(word: string): string {
  const country = countryOfAdjective.get(word);
  if (country !== undefined) return computeStem(country);
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let current = word;
  if (current.endsWith('ies') && current.length > 4) current = current.slice(0, -3) + 'y';
  else if (current.endsWith('sses')) current = current.slice(0, -2);
  else if (current.endsWith('ss') || current.endsWith('us') || current.endsWith('is')) {
    // keep: "access", "status", "analysis"
  } else if (current.endsWith('s') && current.length > 4) current = current.slice(0, -1);

  for (const [suffix, replacement] of suffixes) {
    if (current.endsWith(suffix) && current.length - suffix.length >= 4) {
      current = current.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (current.endsWith('ify') && current.length > 6) current = current.slice(0, -3);
  else if (current.endsWith('ate') && current.length > 6) current = current.slice(0, -3);
  else if (current.endsWith('ize') && current.length > 6) current = current.slice(0, -3);
  else if (current.endsWith('e') && current.length > 4) current = current.slice(0, -1);
  if (/([^aeiouls])\1$/.test(current) && current.length >= 4) current = current.slice(0, -1);
  return current;
}

/** Stems of the words that carry content: stop words removed, order kept (duplicates kept). Do not mutate. */
export function contentTerms(text: string): string[] {
  const cached = termsCache.get(text);
  if (cached) return cached;
  const terms = computeContentTerms(text);
  // Passages recur across questions; a bounded cache keeps their terms without growing forever.
  if (termsCache.size > 20_000) termsCache.clear();
  termsCache.set(text, terms);
  return terms;
}

const termsCache = new Map<string, string[]>();

function computeContentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (matchingStopWords.has(token)) continue;
    if (token.length < 2 && !/\d/.test(token) && !/[^\p{Script=Latin}]/u.test(token)) continue;
    terms.push(stem(token));
  }
  return terms;
}

/** No weak words: every word counts fully (an empty field vocabulary). */
export const noWeakTerms: ReadonlySet<string> = new Set();

/**
 * How much a term counts when matching: numbers most, the field's weak words (`weakTerms`, stems of the field
 * vocabulary's `weak_words`: words that barely tell its passages apart) least.
 */
export function termWeight(term: string, weakTerms: ReadonlySet<string> = noWeakTerms): number {
  if (/^\d+$/.test(term)) return 1.2;
  if (weakTerms.has(term)) return 0.4;
  return 1;
}

export function isNumberTerm(term: string): boolean {
  return /^\d+$/.test(term);
}
