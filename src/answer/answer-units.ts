/**
 * An answer's units: its Markdown lines, and the sentences of each line. Group headings and other label lines are
 * units of their own, marked so they are not scored.
 */
import type { SentenceSpan } from '../text/sentences.js';
import { splitCitedSentences } from '../text/cited-sentences.js';

export interface AnswerUnit extends SentenceSpan {
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
    for (const span of splitCitedSentences(body)) {
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
