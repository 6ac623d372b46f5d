/**
 * The one rule for showing a sentence its citations do not support: every surface marks exactly the record's
 * unsupported sentences, right where they stand in the answer, with the word "unverified" (the widget as a flag
 * beside the sentence, Slack and spreadsheets as text after it). Surfaces differ only in how the mark looks.
 * Pure string code with no imports, so the widget bundle can use it too.
 */

/** What a reader sees next to an unsupported sentence. */
export const unverifiedLabel = 'unverified';

/** The part of a record the rule reads; the widget's copy of the record type fits it too. */
export interface SentenceVerdicts {
  sentences: readonly { text: string; supported: boolean }[];
}

/** The sentences to mark: those the verifier found unsupported by their citations. */
export function unsupportedSentenceTexts(record: SentenceVerdicts): string[] {
  return record.sentences.filter((sentence) => !sentence.supported).map((sentence) => sentence.text);
}

/** Cuts text into runs, flagging the runs that are unsupported sentences (verbatim substrings of the text). */
export function splitUnsupported(text: string, sentences: readonly string[]): { text: string; unsupported: boolean }[] {
  const ranges: [number, number][] = [];
  for (const sentence of sentences) {
    const needle = sentence.trim();
    if (needle === '') continue;
    const start = text.indexOf(needle);
    if (start < 0) continue;
    const end = start + needle.length;
    if (ranges.some(([from, to]) => start < to && end > from)) continue;
    ranges.push([start, end]);
  }
  ranges.sort((left, right) => left[0] - right[0]);
  const segments: { text: string; unsupported: boolean }[] = [];
  let position = 0;
  for (const [start, end] of ranges) {
    if (start > position) segments.push({ text: text.slice(position, start), unsupported: false });
    segments.push({ text: text.slice(start, end), unsupported: true });
    position = end;
  }
  if (position < text.length || segments.length === 0)
    segments.push({ text: text.slice(position), unsupported: false });
  return segments;
}

/** The record's answer text with each unsupported sentence passed through `mark`, for text-only surfaces. */
export function markUnsupportedSentences(
  answer: string,
  record: SentenceVerdicts,
  mark: (sentence: string) => string = plainTextMark,
): string {
  return splitUnsupported(answer, unsupportedSentenceTexts(record))
    .map((segment) => (segment.unsupported ? mark(segment.text) : segment.text))
    .join('');
}

/** The mark in plain text (spreadsheet cells, terminals): the sentence, then `[unverified]`. */
export function plainTextMark(sentence: string): string {
  return `${sentence} [${unverifiedLabel}]`;
}
