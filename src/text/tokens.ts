/**
 * Text to tokens for the local embedding models. Both models see the same tokens: lower-cased words (keeping inner
 * hyphens, apostrophes and dots such as "cross-border" or "u.s."), and runs of Han characters, which have no spaces
 * to split on and are handled as character bigrams by the models that can use them.
 */

const tokenPattern = /\p{Script=Han}+|[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;
const hanPattern = /^\p{Script=Han}/u;

export interface Token {
  text: string;
  /** True for a run of Han characters. */
  han: boolean;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(tokenPattern)) {
    const value = match[0].replace(/’/g, "'");
    tokens.push({ text: value, han: hanPattern.test(value) });
  }
  return tokens;
}

/** Overlapping character bigrams of a Han run ("数据安全" → "数据", "据安", "安全"); a single character stays whole. */
export function hanBigrams(run: string): string[] {
  const characters = Array.from(run);
  if (characters.length < 2) return characters;
  const bigrams: string[] = [];
  for (let index = 0; index + 1 < characters.length; index++) bigrams.push(characters[index]! + characters[index + 1]!);
  return bigrams;
}

// Search drops the function words (text/stop-words.ts): they carry no topic, and the hashing model has no corpus
// statistics to learn that from; the GloVe model down-weights them by frequency instead.
export { stopWords } from './stop-words.js';
