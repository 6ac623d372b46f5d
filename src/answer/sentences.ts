/**
 * Sentence boundaries: in passages (with character offsets, so quotes can point into the document) and in answers
 * (where `[n]` markers may sit before or after the full stop, and Markdown lines such as bullets and group headings
 * are units of their own).
 */

export interface TextSpan {
  text: string;
  /** Offsets into the text that was split. */
  start: number;
  end: number;
}

// Abbreviations after which a full stop does not end a sentence ("Art. 7", "e.g. the", "U.S. law").
const abbreviations = new Set(
  `art arts no nos sec secs para paras ch chap cl reg regs e.g i.e u.s u.k u.n mr mrs ms dr st inc ltd co corp vs cf
  fig figs p pp vol vols jan feb mar apr jun jul aug sep sept oct nov dec approx est dept gov govt no. op cit al ibid
  nr ed eds rev u.s.c c.f.r`
    .split(/\s+/)
    .filter(Boolean),
);

/** Splits prose into sentences; offsets are relative to `text` and exclude surrounding whitespace. */
export function splitSentences(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  // Candidate boundary: terminal punctuation, optional closing quotes/brackets, optional [n] markers, then space.
  const boundary = /([.!?;]?)([.!?]["”’)\]]*)((?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])*)(?=\s+|$)|\n\s*\n/g;
  let sentenceStart = 0;
  for (const match of text.matchAll(boundary)) {
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

function push(spans: TextSpan[], text: string, start: number, end: number): void {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  if (to > from) spans.push({ text: text.slice(from, to), start: from, end: to });
}

export interface AnswerUnit extends TextSpan {
  /** Group headings and other lines that make no claim: not scored. */
  heading: boolean;
}

/** Splits an answer (Markdown) into lines, then lines into sentences; headings are marked so they are not scored. */
export function splitAnswer(text: string): AnswerUnit[] {
  const units: AnswerUnit[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const offset = lineStart;
    lineStart += line.length + 1;
    const leading = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)?/.exec(line)?.[0].length ?? 0;
    const body = line.slice(leading);
    if (body.trim() === '') continue;
    if (isHeadingLine(line, body)) {
      units.push({ text: body.trim(), start: offset + leading, end: offset + line.length, heading: true });
      continue;
    }
    for (const span of splitSentences(body)) {
      units.push({
        text: span.text,
        start: offset + leading + span.start,
        end: offset + leading + span.end,
        heading: false,
      });
    }
  }
  return units;
}

function isHeadingLine(line: string, body: string): boolean {
  if (/^\s*#{1,6}\s/.test(line)) return !/\[\d+\]/.test(body);
  const trimmed = body.trim();
  if (/^\*\*[^*]+\*\*:?$/.test(trimmed) || /^__[^_]+__:?$/.test(trimmed)) return true;
  // Short label lines ending in a colon ("Counterpoints:") introduce a list.
  return trimmed.endsWith(':') && trimmed.split(/\s+/).length <= 6 && !/\[\d+\]/.test(trimmed);
}
