/**
 * Word counting that treats Chinese and Japanese text fairly: those scripts have no spaces, so a run of Han/kana
 * characters counts as about one word per 1.5 characters.
 */
import { unspacedRunPattern as cjkRun } from './cjk.js';

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

/** Share of CJK characters among letters, used to guess the language of files without metadata. */
export function cjkShare(text: string): number {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return 0;
  const cjk = text.match(cjkRun)?.join('').length ?? 0;
  return cjk / letters;
}
