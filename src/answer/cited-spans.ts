/**
 * Which words of a passage each citation marker stands for. A passage cited by several sentences supports each of
 * them with a different span, and the verifier records that span per sentence (`sentences[].quotes`); surfaces show
 * the span of the sentence a reader is looking at, not one quote per passage. Records stored before per-sentence
 * spans existed fall back to the citation's own quote. Pure string code, so the widget bundle can use it too.
 */
import { expandMarker, markerPattern } from '../text/citation-markers.js';

export interface CitedSpan {
  quote: string;
  /** Offsets in the document text. */
  start: number;
  end: number;
}

/** The parts of a record the spans come from; the widget's copy of the record type fits it too. */
export interface CitedSpanSource {
  answer: string;
  citations: readonly ({ n: number } & CitedSpan)[];
  sentences: readonly { text: string; quotes?: readonly ({ n: number } & CitedSpan)[] }[];
}

/** For citation `n`, the distinct spans its sentences rely on, in reading order (the citation's quote if none). */
export function spansOfCitation(record: CitedSpanSource, n: number): CitedSpan[] {
  const spans: CitedSpan[] = [];
  for (const sentence of record.sentences) {
    for (const quote of sentence.quotes ?? []) {
      if (quote.n !== n || quote.quote.trim() === '') continue;
      if (spans.some((span) => span.start === quote.start && span.end === quote.end)) continue;
      spans.push({ quote: quote.quote, start: quote.start, end: quote.end });
    }
  }
  if (spans.length > 0) return spans;
  const citation = record.citations.find((item) => item.n === n);
  return citation ? [{ quote: citation.quote, start: citation.start, end: citation.end }] : [];
}

/**
 * A reader of marker occurrences in answer order: the first call for `n` gives the span behind the first `[n]` in the
 * answer, the second call the span behind the second, and so on (a renderer calls it once per marker as it goes).
 * An occurrence outside any recorded sentence gets the citation's quote.
 */
export function createMarkerSpanReader(record: CitedSpanSource): (n: number) => CitedSpan | undefined {
  const byNumber = new Map<number, (CitedSpan | undefined)[]>();
  const located = locateSentences(record);
  for (const match of record.answer.matchAll(markerPattern)) {
    const sentence = located.find((item) => match.index >= item.start && match.index < item.end);
    for (const n of expandMarker(match[1]!)) {
      const quote = sentence?.quotes?.find((item) => item.n === n);
      const list = byNumber.get(n) ?? [];
      list.push(quote ? { quote: quote.quote, start: quote.start, end: quote.end } : undefined);
      byNumber.set(n, list);
    }
  }
  const used = new Map<number, number>();
  return (n) => {
    const index = used.get(n) ?? 0;
    used.set(n, index + 1);
    const span = byNumber.get(n)?.[index];
    if (span) return span;
    const citation = record.citations.find((item) => item.n === n);
    return citation ? { quote: citation.quote, start: citation.start, end: citation.end } : undefined;
  };
}

/** Each recorded sentence's place in the answer text; sentences are verbatim substrings, in order. */
function locateSentences(record: CitedSpanSource) {
  const located: { start: number; end: number; quotes?: CitedSpanSource['sentences'][number]['quotes'] }[] = [];
  let from = 0;
  for (const sentence of record.sentences) {
    const needle = sentence.text.trim();
    if (needle === '') continue;
    const start = record.answer.indexOf(needle, from);
    if (start < 0) continue;
    located.push({ start, end: start + needle.length, quotes: sentence.quotes });
    from = start + needle.length;
  }
  return located;
}
