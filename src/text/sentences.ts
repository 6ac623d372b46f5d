/**
 * Sentence splitting with character spans, used by the chunker (corpus/chunk.ts) to cut an over-long unit into passages at
 * sentence boundaries. Answers and the sentences they quote are split by text/cited-sentences.ts, whose boundaries
 * know the `[n]` citation markers.
 * Intl.Segmenter does the Unicode work (including Chinese 。！？); on top of it we undo the breaks it makes after
 * abbreviations common in legal text ("Art. 5", "U.S. Government", "No. 2") and after list numbers ("1. The ...").
 */
import { trimSpan } from './spans.js';

export interface SentenceSpan {
  text: string;
  /** Offsets into the input: `input.slice(start, end) === text`. */
  start: number;
  end: number;
}

const abbreviations = new Set(
  [
    'art.',
    'arts.',
    'no.',
    'nos.',
    'nr.',
    'sec.',
    'secs.',
    'para.',
    'paras.',
    'ch.',
    'chap.',
    'cl.',
    'reg.',
    'dir.',
    'subpara.',
    'pt.',
    'p.',
    'pp.',
    'ff.',
    'fig.',
    'vol.',
    'ed.',
    'eds.',
    'op.',
    'cit.',
    'ibid.',
    'cf.',
    'e.g.',
    'i.e.',
    'viz.',
    'v.',
    'vs.',
    'et al.',
    'al.',
    'inc.',
    'ltd.',
    'co.',
    'corp.',
    'llc.',
    'plc.',
    'mr.',
    'mrs.',
    'ms.',
    'dr.',
    'prof.',
    'st.',
    'jan.',
    'feb.',
    'mar.',
    'apr.',
    'jun.',
    'jul.',
    'aug.',
    'sep.',
    'sept.',
    'oct.',
    'nov.',
    'dec.',
    'approx.',
    'abs.',
    'lit.',
    'cap.',
    'stat.',
    'fed.',
    'u.s.c.',
    'c.f.r.',
    'cfr.',
    'o.j.',
    'oj.',
    'cong.',
    'h.r.',
    's.',
  ].map((item) => item.toLowerCase()),
);

/** "U.S.", "E.U.", "P.R.C.", "U.S.C." */
const dottedInitials = /^(?:\p{L}\.){2,}$/u;
/** A single initial such as the "J." in "J. Smith". */
const singleInitial = /^\p{Lu}\.$/u;
/** A bare list marker: "1.", "(a)", "iv)". */
const listMarker = /^(?:\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,5})[.)])$/iu;

function endsWithAbbreviation(sentence: string): boolean {
  const trimmed = sentence.trimEnd();
  if (listMarker.test(trimmed)) return true;
  const words = trimmed.split(/\s+/);
  const last = (words.at(-1) ?? '').replace(/^[("'“‘[]+/u, '').toLowerCase();
  const lastTwo = words.slice(-2).join(' ').toLowerCase();
  if (abbreviations.has(last) || abbreviations.has(lastTwo)) return true;
  const original = (words.at(-1) ?? '').replace(/^[("'“‘[]+/u, '');
  return dottedInitials.test(original) || singleInitial.test(original);
}

/**
 * Single line breaks inside a paragraph (hard-wrapped text, PDF lines) are not sentence ends; lines that start a list
 * item, table row, quote or heading are. Replacing those line breaks with spaces keeps every offset unchanged.
 */
function joinWrappedLines(text: string): string {
  return text.replace(/\n/g, (match: string, offset: number) => {
    if (text[offset - 1] === '\n' || text[offset + 1] === '\n') return match;
    const next = text.slice(offset + 1, offset + 16).trimStart();
    if (next === '' || /^(?:[-*+>|#]|\d{1,3}[.)]\s)/.test(next)) return match;
    return ' ';
  });
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    let locale = language;
    try {
      Intl.getCanonicalLocales(language);
    } catch {
      locale = 'en';
    }
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** Splits text into sentences; spans are relative to the input and exclude surrounding whitespace. */
export function splitSentences(text: string, language = 'en'): SentenceSpan[] {
  const raw: { start: number; end: number }[] = [];
  for (const segment of segmenterFor(language).segment(joinWrappedLines(text))) {
    raw.push({ start: segment.index, end: segment.index + segment.segment.length });
  }
  const merged: { start: number; end: number }[] = [];
  for (const span of raw) {
    const previous = merged.at(-1);
    const previousText = previous ? text.slice(previous.start, previous.end) : '';
    // Never glue across a blank line: that is a paragraph boundary whatever precedes it.
    if (previous && !/\n\s*\n/.test(previousText) && endsWithAbbreviation(previousText)) {
      previous.end = span.end;
    } else {
      merged.push({ ...span });
    }
  }
  const sentences: SentenceSpan[] = [];
  for (const span of merged) {
    const { start, end } = trimSpan(text, span.start, span.end);
    if (end > start) sentences.push({ text: text.slice(start, end), start, end });
  }
  return sentences;
}
