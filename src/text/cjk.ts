/**
 * Chinese, Japanese and Korean text, which search cannot split on spaces: the runs of those scripts and their
 * overlapping character bigrams, the standard way to search them without a dictionary.
 */
import { hanBigrams } from './tokens.js';

/** Han (incl. extensions A and compatibility), Hiragana, Katakana, Hangul syllables and jamo; CJK symbols excluded. */
export const cjkRunPattern = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff]+/g;

/** Runs of the scripts written without spaces between words (Han, Hiragana, Katakana; Korean spaces its words). */
export const unspacedRunPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;

const hanCharacter = /\p{Script=Han}/u;

/** True when the text holds a Han character. */
export function containsHan(text: string): boolean {
  return hanCharacter.test(text);
}

/** Splits every CJK run into overlapping bigrams separated by spaces; other text is left unchanged. */
export function splitCjk(text: string): string {
  return text.replace(cjkRunPattern, (run) => ` ${hanBigrams(run).join(' ')} `);
}

/**
 * Whether a text is mostly written in Han characters: more Han characters, two to a word, than words in other
 * letters. Tells a Chinese passage or question from an English one that quotes a Chinese name.
 */
export function mostlyHan(text: string): boolean {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const words = (text.replace(/\p{Script=Han}+/gu, ' ').match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? []).length;
  return han / 2 > words;
}
