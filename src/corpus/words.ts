/**
 * Word counting and tokenizing that treat Chinese and Japanese text fairly: those scripts have no spaces, so a run of
 * Han/kana characters counts as about one word per 1.5 characters, and tokenizes into overlapping character bigrams
 * (the usual CJK approach for full-text search).
 */

const cjkCharacter = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const latinWord = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;

/** Characters per word for CJK text (average word length in modern Chinese is about 1.5 characters). */
export const cjkCharactersPerWord = 1.5;

/** Number of words, counting CJK characters at one word per 1.5 characters. */
export function countWords(text: string): number {
  let cjkCharacters = 0;
  const withoutCjk = text.replace(cjkRun, (run) => {
    cjkCharacters += [...run].length;
    return ' ';
  });
  const latinWords = withoutCjk.match(latinWord)?.length ?? 0;
  return latinWords + Math.round(cjkCharacters / cjkCharactersPerWord);
}

/** True when the text contains any Han or kana character. */
export function hasCjk(text: string): boolean {
  return cjkCharacter.test(text);
}

/** Share of CJK characters among letters, used to guess the language of files without metadata. */
export function cjkShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return 0;
  const cjk = text.match(cjkRun)?.join('').length ?? 0;
  return cjk / letters;
}

/**
 * Lowercased search tokens: words for alphabetic scripts (NFKC-normalised), and for CJK runs the overlapping
 * character bigrams (a single character when the run has one).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  const pattern = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)|([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/gu;
  for (const match of normalized.matchAll(pattern)) {
    if (match[1]) {
      const characters = [...match[1]];
      if (characters.length === 1) tokens.push(characters[0]!);
      for (let index = 0; index + 1 < characters.length; index++) {
        tokens.push(characters[index]! + characters[index + 1]!);
      }
    } else if (match[2]) {
      tokens.push(match[2]);
    }
  }
  return tokens;
}
