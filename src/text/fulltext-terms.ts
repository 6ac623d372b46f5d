/**
 * The terms of the full-text index: the words of a text cut exactly as LanceDB's analyser cuts them for the index
 * built in index/table-indexes.ts, so that a search held in memory (index/memory-fulltext.ts) ranks as the LanceDB
 * index does. Its steps, in LanceDB's order: the `simple` tokenizer (runs of letters and digits), tokens of 40 bytes
 * or more dropped, lower case, the Snowball English stemmer, Lucene's English stop words (compared after stemming, so
 * "ons" goes as "on" does), ASCII folding last (so "résumé" stems as written and only then becomes "resume").
 *
 * This is the index's own analysis, kept apart from the project's matching terms (terms.ts) on purpose: it must
 * follow LanceDB, not the project's idea of a word. Queries and passages reach it already CJK-split (search-text.ts).
 */
import stemWord from 'wink-porter2-stemmer';

/** The stop words of LanceDB's English analyser (Lucene's English stop set). */
const fulltextStopWords: ReadonlySet<string> = new Set(
  `a an and are as at be but by for if in into is it no not of on or such that the their then there these they this
to was will with`.split(/\s+/),
);

const tokenPattern = /[\p{Alphabetic}\p{N}]+/gu;
const maximumTokenBytes = 40;
const encoder = new TextEncoder();

/** Letters that do not decompose into a base letter and marks, folded as Lucene's ASCII folding does. */
const foldedLetters: Readonly<Record<string, string>> = {
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

function foldToAscii(term: string): string {
  if (/^[\x00-\x7f]*$/.test(term)) return term;
  return term
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[æœøßđðłþı]/g, (letter) => foldedLetters[letter]!);
}

/** Whether the token's UTF-8 form has `maximumTokenBytes` or more; a UTF-16 unit is at most 3 bytes, so short tokens
 * are not encoded. */
function tooLong(token: string): boolean {
  return token.length * 3 >= maximumTokenBytes && encoder.encode(token).length >= maximumTokenBytes;
}

/** Stems, kept: a corpus uses a few tens of thousands of distinct words, and stemming is most of the analysis. */
const stems = new Map<string, string | null>();
const keptStems = 200_000;

function analyseWord(lower: string): string | null {
  let term = stems.get(lower);
  if (term !== undefined) return term;
  const stemmed = stemWord(lower);
  term = fulltextStopWords.has(stemmed) ? null : foldToAscii(stemmed);
  if (stems.size >= keptStems) stems.clear();
  stems.set(lower, term);
  return term;
}

/** The index terms of `text`, in order, repeats kept (a passage's term frequencies and length come from them). */
export function fulltextTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const token = match[0];
    if (tooLong(token)) continue;
    const term = analyseWord(token.toLowerCase());
    if (term !== null) terms.push(term);
  }
  return terms;
}
