/**
 * Word-level text handling shared by the answer engine: tokens, a light English stemmer and stop words. The support
 * scorer, the local extractive model and the evidence check all compare text through these, so they agree on what
 * "the same word" means.
 */
import { monthNames } from '../text/months.js';

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
    if (!hanPattern.test(token)) {
      tokens.push(token);
      continue;
    }
    for (const part of token.split(/(\p{Script=Han}+)/u)) {
      if (part === '') continue;
      if (!hanPattern.test(part)) {
        tokens.push(part);
        continue;
      }
      for (const article of part.matchAll(chineseArticlePattern)) {
        const number = chineseNumber(article[1]!);
        if (number !== undefined) tokens.push('article', String(number));
      }
      if (part.length <= 2) tokens.push(part);
      else for (let index = 0; index < part.length - 1; index++) tokens.push(part.slice(index, index + 2));
    }
  }
  return tokens;
}

const hanPattern = /\p{Script=Han}/u;
const chineseArticlePattern = /第([零〇一二两三四五六七八九十百千\d]+)条/gu;
const chineseDigits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const chineseUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "七" → 7, "三十七" → 37, "一百零五" → 105, "12" → 12; undefined for anything else. */
export function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const character of text) {
    if (character in chineseDigits) digit = chineseDigits[character]!;
    else if (character in chineseUnits) {
      total += (digit === 0 ? 1 : digit) * chineseUnits[character]!;
      digit = 0;
    } else return undefined;
  }
  return total + digit;
}

const stopWordList = `a about above after again against all almost also am among an and any are aren as at be because been
before being below between both but by can cannot could did do does doing done down during each either else etc ever
every few for from further get gets got had has have having he her here hers herself him himself his how however i if in
into is isn it its itself just let may me might more most much must my myself neither no nor not of off often on once
one only or other others otherwise our ours ourselves out over own per please quite rather same shall she should so
some such than that the their theirs them themselves then there these they this those though through thus to too
under until up upon us very via was we were what whatever when where whether which while who whom whose why will with
within without would yes yet you your yours yourself yourselves tell know explain describe give show say says said
want wants need needs anything something someone anyone there's what's it's don't doesn't isn't aren't can't i'm`;

export const stopWords: ReadonlySet<string> = new Set(
  stopWordList
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/['’]/g, '')),
);

/** Words that carry meaning but barely tell passages apart in this domain; they count less when matching. */
const weakWordList = `risk risks risky security secure safe safety company companies organisation organisations organization
organizations business businesses vendor vendors provider providers service services data information law laws legal
rule rules use used using question questions issue issues concern concerns matter matters western west foreign country
countries state states government governments current currently new way ways thing things case cases regard regarding
relevant include includes including make makes made require requires required requirement requirements`;

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
    if (stopWords.has(token)) continue;
    if (token.length < 2 && !/\d/.test(token) && !/[^\p{Script=Latin}]/u.test(token)) continue;
    terms.push(stem(token));
  }
  return terms;
}

// Built after the stemmer's tables exist.
const weakStems: ReadonlySet<string> = new Set(
  weakWordList
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => stem(word)),
);

/** How much a term counts when matching: numbers most, domain-generic words least. */
export function termWeight(term: string): number {
  if (/^\d+$/.test(term)) return 1.2;
  if (weakStems.has(term)) return 0.4;
  return 1;
}

export function isNumberTerm(term: string): boolean {
  return /^\d+$/.test(term);
}

/** Removes `[n]` citation markers and tidies the spaces they leave. */
export function stripMarkers(text: string): string {
  return text
    .replace(/\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}

const months = monthNames;

/** `2025-11-14` → `14 November 2025`; returns '' for anything else. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return '';
  const month = months[Number(match[2]) - 1];
  if (!month) return '';
  return `${Number(match[3])} ${month} ${match[1]}`;
}
