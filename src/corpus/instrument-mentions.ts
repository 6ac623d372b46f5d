/**
 * Where a line of corpus text names an instrument: occurrences of the names listed in instrument-aliases.yaml, and
 * instrument-shaped names the file does not list ("Capitalised Words Law", "Regulations on …", 《…》), which the
 * corpus check reports so that every name resolves to one canonical name.
 */
import type { Instrument } from './instrument-aliases.js';
import { escapeRegExp } from '../text/phrases.js';

export interface Mention {
  instrument: Instrument;
  /** The text as written. */
  text: string;
  kind: 'name' | 'alias' | 'variant';
  start: number;
  end: number;
}

export interface UnknownName {
  text: string;
  start: number;
}

/** Words that end an English instrument name ("… Law"), or start a PRC-style one ("Measures for …"). */
const nameHeads = 'Law|Act|Regulations|Measures|Directive|Provisions|Rules';
const capitalised = /^\(?[A-Z0-9][\w'’.&-]*\)?,?$/u;
const heads = new RegExp(`^(?:${nameHeads})$`);
const connectors = new Set(['of', 'on', 'for', 'the', 'and', 'to', 'in']);
/**
 * Words that make no name on their own: "the Law", "these Measures", "the Interim Measures" refer back to an
 * instrument already named, and a sentence may start with any of them.
 */
const referenceWords = new Set([
  'The',
  'This',
  'These',
  'That',
  'Those',
  'Such',
  'Both',
  'Each',
  'Its',
  'Their',
  'Interim',
  'Implementing',
  'Under',
  'Article',
  'Section',
]);

export class InstrumentNames {
  private readonly patterns: { pattern: RegExp; instrument: Instrument; kind: Mention['kind']; text: string }[];

  constructor(readonly instruments: Instrument[]) {
    const entries = instruments.flatMap((instrument) => [
      { instrument, kind: 'name' as const, text: instrument.name },
      ...instrument.aliases.map((text) => ({ instrument, kind: 'alias' as const, text })),
      ...instrument.variants.map((text) => ({ instrument, kind: 'variant' as const, text })),
    ]);
    // Longest first, so "Personal Information Protection Law" wins over "Protection Law".
    entries.sort((left, right) => right.text.length - left.text.length);
    this.patterns = entries.map((entry) => ({
      ...entry,
      // Letters or digits may not continue a Latin name; Chinese names sit inside longer titles (中华人民共和国…法).
      pattern: new RegExp(`(?<![\\p{Script=Latin}\\p{N}])${escapeRegExp(entry.text)}(?![\\p{Script=Latin}\\p{N}])`, 'gu'),
    }));
  }

  /** Named instruments in a line, longest match first, not overlapping, in text order. */
  mentions(line: string): Mention[] {
    const found: Mention[] = [];
    for (const { pattern, instrument, kind, text } of this.patterns) {
      if (!line.includes(text)) continue;
      for (const match of line.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (found.some((other) => start < other.end && other.start < end)) continue;
        found.push({ instrument, text, kind, start, end });
      }
    }
    return found.sort((left, right) => left.start - right.start);
  }

  /** Instrument-shaped names in a line that no listed name covers. */
  unknownNames(line: string, mentions: Mention[]): UnknownName[] {
    const covered = (start: number, end: number) =>
      mentions.some((mention) => mention.start <= start && end <= mention.end);
    const unknown: UnknownName[] = [];
    for (const match of line.matchAll(new RegExp(`\\b(?:${nameHeads})\\b`, 'g'))) {
      const headStart = match.index;
      const headEnd = headStart + match[0].length;
      if (covered(headStart, headEnd)) continue;
      const before = wordsBefore(line, headStart);
      const after = wordsAfter(line, headEnd);
      const words = [...before, ...after].filter((word) => !connectors.has(word));
      if (words.every((word) => referenceWords.has(word.replace(/[(),]/g, '')))) continue;
      const start = before.length > 0 ? line.lastIndexOf(before[0]!, headStart) : headStart;
      const text = [...before, match[0], ...after].join(' ');
      unknown.push({ text, start });
    }
    for (const match of line.matchAll(/《([^》]+)》/g)) {
      // A full title (中华人民共和国数据安全法) resolves through the short title it contains.
      const [start, end] = [match.index + 1, match.index + 1 + match[1]!.length];
      if (!mentions.some((mention) => start <= mention.start && mention.end <= end)) {
        unknown.push({ text: match[1]!, start: match.index });
      }
    }
    return unknown;
  }
}

/** Capitalised words (and connectors between them) right before a name head: "Data Security" in "Data Security Law". */
function wordsBefore(line: string, position: number): string[] {
  if (position === 0 || line[position - 1] !== ' ') return [];
  const tokens = line.slice(0, position - 1).split(/\s+/);
  const words: string[] = [];
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index]!;
    // A name does not run across a sentence end, a year or another name's head ("… Law and National Security Law").
    const ends = /[,;:]$/.test(token) || (/\.$/.test(token) && !/^(?:[A-Z]\.)+$/.test(token));
    if (ends || /^\d+$/.test(token) || heads.test(token)) break;
    if (capitalised.test(token)) words.unshift(token);
    else if (connectors.has(token) && index > 0 && capitalised.test(tokens[index - 1]!)) words.unshift(token);
    else break;
  }
  while (words.length > 0 && (connectors.has(words[0]!) || referenceWords.has(words[0]!))) words.shift();
  return words;
}

/** "for Security Assessment of Outbound Data Transfers" after "Measures": PRC titles put the head first. */
function wordsAfter(line: string, position: number): string[] {
  const tokens = line.slice(position).split(/\s+/).filter(Boolean);
  if (tokens.length < 2 || !['on', 'for'].includes(tokens[0]!) || !/^[A-Z]/.test(tokens[1]!)) return [];
  const words: string[] = [];
  for (const token of tokens) {
    const bare = token.replace(/[.,;:)]+$/, '');
    if (connectors.has(bare) || /^\(?[A-Z]/.test(bare)) words.push(bare);
    else break;
    if (bare !== token) break;
  }
  while (words.length > 0 && connectors.has(words.at(-1)!)) words.pop();
  return words;
}
