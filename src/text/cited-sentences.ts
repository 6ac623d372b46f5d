/**
 * Sentences as answers cite them: a boundary may carry `[n]` markers before or after the full stop. Passages are split
 * with the same rule when sentences are picked and quoted from them (with character offsets, so a quote can point into
 * the document) and answers when they are verified, so a quoted sentence and the answer's sentence line up. (The
 * chunker cuts documents with text/sentences.ts, which knows more languages and abbreviations.)
 */
import { markerPattern } from './citation-markers.js';
import type { SentenceSpan } from './sentences.js';
import { trimSpan } from './spans.js';

// Abbreviations after which a full stop does not end a sentence ("Art. 7", "e.g. the", "U.S. law").
const abbreviations = new Set(
  `art arts no nos sec secs para paras ch chap cl reg regs e.g i.e u.s u.k u.n mr mrs ms dr st inc ltd co corp vs cf
  fig figs p pp vol vols jan feb mar apr jun jul aug sep sept oct nov dec approx est dept gov govt no. op cit al ibid
  nr ed eds rev u.s.c c.f.r pub l`
    .split(/\s+/)
    .filter(Boolean),
);

// Candidate boundary: terminal punctuation, optional closing quotes/brackets, optional [n] markers, then space; or a
// blank line.
const boundaryPattern = new RegExp(
  String.raw`([.!?;]?)([.!?]["”’)\]]*)((?:\s*${markerPattern.source})*)(?=\s+|$)|\n\s*\n`,
  'g',
);

/** Splits prose into sentences; offsets are relative to `text` and exclude surrounding whitespace. */
export function splitCitedSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let sentenceStart = 0;
  for (const match of text.matchAll(boundaryPattern)) {
    const matchEnd = match.index + match[0].length;
    if (match[0].startsWith('\n')) {
      push(spans, text, sentenceStart, match.index);
      sentenceStart = matchEnd;
      continue;
    }
    if (!endsSentence(text, match.index, matchEnd)) continue;
    push(spans, text, sentenceStart, matchEnd);
    sentenceStart = matchEnd;
  }
  push(spans, text, sentenceStart, text.length);
  return spans;
}

function endsSentence(text: string, punctuationIndex: number, matchEnd: number): boolean {
  const punctuation = text[punctuationIndex];
  const rest = text.slice(matchEnd);
  const next = /^\s+(\S)/.exec(rest)?.[1];
  if (next === undefined) return true;
  // The next sentence starts with a capital, a digit, a quote, a bracket or a Markdown marker.
  if (!/[\p{Lu}\p{N}"“‘'(*#\-\p{Script=Han}]/u.test(next)) return false;
  if (punctuation !== '.') return true;
  const before = text.slice(Math.max(0, punctuationIndex - 12), punctuationIndex);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  if (abbreviations.has(word) || abbreviations.has(word.replace(/\.$/, ''))) return false;
  // Single capital initials ("J. Smith") and decimal numbers are not sentence ends.
  if (/^\p{Lu}$/u.test(word)) return false;
  return true;
}

function push(spans: SentenceSpan[], text: string, start: number, end: number): void {
  const { start: from, end: to } = trimSpan(text, start, end);
  if (to > from) spans.push({ text: text.slice(from, to), start: from, end: to });
}
