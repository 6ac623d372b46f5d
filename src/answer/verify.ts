/**
 * Citation verification: turns model text into the verified parts of an answer record. Every `[n]` must point at a
 * passage that was shown to the model (others are removed and counted), and markers are renumbered in order of first
 * appearance; every sentence is scored against the
 * passages it cites and flagged when the support is too weak; every citation gets a verbatim quote, the passage
 * sentence(s) that best support the sentences citing it, with its character span in the document.
 */
import type { Passage } from '../corpus/types.js';
import type { Citation, SentenceSupport } from './record.js';
import { splitCitedSentences } from '../text/cited-sentences.js';
import { splitAnswer } from './answer-units.js';
import { scoreSupport, supportThreshold, type SupportEvidence } from './support.js';
import { renumberMarkers } from './renumber.js';
import { expandMarker, markerPattern, stripMarkers } from '../text/citation-markers.js';
import { passageProvenance } from './sources.js';
import { noWeakTerms } from '../text/terms.js';

export interface VerifiedAnswer {
  /** The answer with unknown markers removed. */
  answer: string;
  sentences: SentenceSupport[];
  citations: Citation[];
  unsupportedSentences: number;
  droppedMarkers: number;
}

/** Sentences that only say what the passages do not cover need no citation. */
const gapPattern =
  /\b(passages?|sources?|corpus|documents?|evidence)\b.{0,60}\b(do(es)? not|don't|doesn't|did not|no)\b|\b(not (covered|stated|addressed|mentioned|known|specified|available))\b|\b(unknown|unclear|no information)\b/i;

/** `weakTerms`: stems of the field's weak words, which count less in a sentence's support (support.ts). */
export function verifyAnswer(
  text: string,
  shown: readonly Passage[],
  weakTerms: ReadonlySet<string> = noWeakTerms,
): VerifiedAnswer {
  const cleaned = removeUnknownMarkers(text, shown.length);
  const { droppedMarkers } = cleaned;
  // Readers see [1], [2], ... in order of first appearance; `cited[n - 1]` is the passage behind reader number n.
  const { text: answer, mapping } = renumberMarkers(cleaned.answer, shown.length);
  const cited: Passage[] = [];
  for (const [promptNumber, readerNumber] of mapping) cited[readerNumber - 1] = shown[promptNumber - 1]!;
  const evidence = cited.map(toEvidence);

  const sentences: SentenceSupport[] = [];
  const citing = new Map<number, string[]>();
  for (const unit of splitAnswer(answer)) {
    if (unit.heading) continue;
    const citations = markersIn(unit.text);
    const plain = stripMarkers(unit.text);
    if (!/[\p{L}\p{N}]/u.test(plain)) continue;
    if (citations.length === 0 && gapPattern.test(plain)) {
      sentences.push({ text: unit.text, citations, support: 0, supported: true, kind: 'gap' });
      continue;
    }
    const support =
      citations.length === 0
        ? 0
        : scoreSupport(
            plain,
            citations.map((n) => evidence[n - 1]!),
            weakTerms,
          ).score;
    const quotes = citations.map((n) => ({ n, ...chooseQuote(cited[n - 1]!, [plain], weakTerms) }));
    sentences.push({
      text: unit.text,
      citations,
      support,
      supported: support >= supportThreshold,
      kind: 'claim',
      ...(quotes.length > 0 ? { quotes } : {}),
    });
    for (const n of citations) citing.set(n, [...(citing.get(n) ?? []), plain]);
  }

  const citations = [...citing.keys()]
    .sort((left, right) => left - right)
    .map((n) => toCitation(n, cited[n - 1]!, citing.get(n)!, weakTerms));
  return {
    answer,
    sentences,
    citations,
    unsupportedSentences: sentences.filter((sentence) => !sentence.supported).length,
    droppedMarkers,
  };
}

/** Removes markers whose numbers were not shown; `[2, 9]` keeps `[2]`. */
export function removeUnknownMarkers(text: string, shownCount: number): { answer: string; droppedMarkers: number } {
  let droppedMarkers = 0;
  const replaced = text.replace(markerPattern, (_match, inside: string) => {
    const numbers = expandMarker(inside);
    const known = numbers.filter((n) => n >= 1 && n <= shownCount);
    droppedMarkers += numbers.length - known.length;
    return known.map((n) => `[${n}]`).join('');
  });
  if (droppedMarkers === 0) return { answer: text, droppedMarkers };
  // Tidy the space a removed marker leaves before punctuation or at a line end.
  const answer = replaced
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { answer, droppedMarkers };
}

function markersIn(sentence: string): number[] {
  const numbers = new Set<number>();
  for (const match of sentence.matchAll(markerPattern)) for (const n of expandMarker(match[1]!)) numbers.add(n);
  return [...numbers].sort((left, right) => left - right);
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toEvidence(passage: Passage): SupportEvidence {
  return { text: passage.text, heading: passage.heading, title: passage.title, published: passage.published };
}

/** The passage sentence(s) that best support the answer sentences citing it, verbatim, with document offsets. */
function chooseQuote(
  passage: Passage,
  citingSentences: readonly string[],
  weakTerms: ReadonlySet<string>,
): { quote: string; start: number; end: number } {
  const spans = splitCitedSentences(passage.text);
  if (spans.length === 0) return { quote: passage.text, start: passage.start, end: passage.end };
  const scores = spans.map((span) =>
    citingSentences.length === 0
      ? 0
      : Math.max(...citingSentences.map((sentence) => scoreSupport(sentence, [span.text], weakTerms).score)),
  );
  let best = 0;
  scores.forEach((value, index) => {
    if (value > scores[best]!) best = index;
  });
  let from = best;
  let to = best;
  // A claim that quotes several consecutive passage sentences (a statute's lead-in with its items, a sentence with the
  // one it points back to) is backed by all of them: the quote grows while a neighbour is part of what a sentence says.
  // (The answer puts its marker before a sentence's final stop, so that stop is not compared.)
  const said = citingSentences.map((sentence) => normalizeSpace(sentence.replace(/\s*\[\d+\]/g, '')));
  // A paragraph's number standing alone ("2.") is in every sentence with that digit and repeats nothing.
  const repeated = (index: number) =>
    /\p{L}/u.test(spans[index]!.text) &&
    said.some((sentence) => sentence.includes(normalizeSpace(spans[index]!.text).replace(/[.!?。！？]$/u, '')));
  if (repeated(best)) {
    while (to + 1 < spans.length && repeated(to + 1)) to++;
    while (from - 1 >= 0 && repeated(from - 1)) from--;
  }
  // A second sentence joins the quote when it also supports a citing sentence well (several claims from one passage).
  if (citingSentences.length > 1) {
    const next = best + 1 < spans.length ? best + 1 : -1;
    const previous = best - 1;
    const candidate = [next, previous]
      .filter((index) => index >= 0)
      .sort((left, right) => scores[right]! - scores[left]!)[0];
    if (candidate !== undefined && scores[candidate]! >= supportThreshold) {
      from = Math.min(from, candidate);
      to = Math.max(to, candidate);
    }
  }
  const start = spans[from]!.start;
  const end = spans[to]!.end;
  return { quote: passage.text.slice(start, end), start: passage.start + start, end: passage.start + end };
}

function toCitation(n: number, passage: Passage, citingSentences: string[], weakTerms: ReadonlySet<string>): Citation {
  const { quote, start, end } = chooseQuote(passage, citingSentences, weakTerms);
  return {
    n,
    ...passageProvenance(passage),
    quote,
    start,
    end,
    ...(passage.page !== undefined ? { page: passage.page } : {}),
  };
}
