/**
 * Cuts a document's units into passages. Units are never merged; a unit longer than about 300 words is split at
 * sentence boundaries into balanced parts (`-p2`, `-p3`, ...). Each passage keeps its exact character span in the
 * document text, its heading path and the document metadata. Bump `chunkerVersion` whenever output changes, so
 * indexes built with older passages are rebuilt.
 */
import { createHash } from 'node:crypto';
import { splitSentences } from '../text/sentences.js';
import type { CorpusDocument, DocumentMetadata, DocumentSection, Passage } from './types.js';
import { headingSeparator } from '../text/headings.js';
import { trimSpan } from '../text/spans.js';
import { countWords } from '../text/words.js';

export const chunkerVersion = '2';

/** Units up to this many words stay whole. */
export const maxPassageWords = 300;

interface Span {
  start: number;
  end: number;
  words: number;
}

/** Cuts a single over-long "sentence" (a table, an unpunctuated list) at whitespace or between CJK characters. */
function splitLongSentence(text: string, span: Span): Span[] {
  const pieces: Span[] = [];
  const count = Math.ceil(span.words / maxPassageWords);
  const targetLength = (span.end - span.start) / count;
  let start = span.start;
  for (let piece = 1; piece < count; piece++) {
    let cut = Math.round(span.start + piece * targetLength);
    const whitespace = text.slice(cut, span.end).search(/\s/);
    if (whitespace >= 0 && whitespace < targetLength / 2) cut += whitespace;
    while (cut < span.end && /[\uDC00-\uDFFF]/.test(text[cut]!)) cut++;
    if (cut <= start || cut >= span.end) continue;
    const trimmed = trimmedSpan(text, start, cut);
    if (trimmed.end > trimmed.start) pieces.push(trimmed);
    start = cut;
  }
  const last = trimmedSpan(text, start, span.end);
  if (last.end > last.start) pieces.push(last);
  return pieces;
}

function trimmedSpan(text: string, start: number, end: number): Span {
  const trimmed = trimSpan(text, start, end);
  return { ...trimmed, words: countWords(text.slice(trimmed.start, trimmed.end)) };
}

/** Spans of the parts of one unit, in document offsets. */
function partsOf(text: string, unit: Span, language: string): Span[] {
  if (unit.words <= maxPassageWords) return [unit];
  const sentences = splitSentences(text.slice(unit.start, unit.end), language).flatMap((sentence) => {
    const span = {
      start: unit.start + sentence.start,
      end: unit.start + sentence.end,
      words: countWords(sentence.text),
    };
    return span.words > maxPassageWords ? splitLongSentence(text, span) : [span];
  });
  const count = Math.ceil(unit.words / maxPassageWords);
  const total = sentences.reduce((sum, sentence) => sum + sentence.words, 0);
  // Cut where the running word count is closest to each multiple of total / count, so parts come out even.
  const parts: Span[] = [];
  let current: Span | undefined;
  let running = 0;
  let boundary = 1;
  sentences.forEach((sentence, index) => {
    current = current ? { start: current.start, end: sentence.end, words: current.words + sentence.words } : { ...sentence };
    running += sentence.words;
    const next = sentences[index + 1];
    const goal = (boundary * total) / count;
    if (next && boundary < count && Math.abs(running - goal) <= Math.abs(running + next.words - goal)) {
      parts.push(current);
      current = undefined;
      boundary++;
    }
  });
  if (current) parts.push(current);
  return parts;
}

function headingPath(document: CorpusDocument, section: DocumentSection): string {
  const path: string[] = [];
  for (const heading of [document.metadata.shortTitle, ...section.headings]) {
    // A body that repeats the title as its first heading should not show it twice.
    if (path.length > 0 && path.at(-1)!.toLowerCase() === heading.toLowerCase()) continue;
    path.push(heading);
  }
  return path.join(headingSeparator);
}

export function passageHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The document facts every passage carries, so a passage can be cited on its own. */
export function documentProvenance(metadata: DocumentMetadata) {
  return {
    title: metadata.title,
    publisher: metadata.publisher,
    url: metadata.url,
    jurisdiction: metadata.jurisdiction,
    type: metadata.type,
    published: metadata.published,
    asOf: metadata.asOf,
    dates: metadata.dates,
    vendors: metadata.vendors,
    language: metadata.language,
    status: metadata.status,
  };
}

export function chunkDocument(document: CorpusDocument): Passage[] {
  const { metadata, text } = document;
  const passages: Passage[] = [];
  // Counted per anchor, so a unit continued on the next PDF page continues the part numbering.
  const partsByAnchor = new Map<string, number>();
  for (const section of document.sections) {
    const unit = trimmedSpan(text, section.start, section.end);
    if (unit.words === 0) continue;
    const heading = headingPath(document, section);
    for (const part of partsOf(text, unit, metadata.language)) {
      const partNumber = (partsByAnchor.get(section.anchor) ?? 0) + 1;
      partsByAnchor.set(section.anchor, partNumber);
      const passageText = text.slice(part.start, part.end);
      passages.push({
        id: `${metadata.id}#${section.anchor}${partNumber > 1 ? `-p${partNumber}` : ''}`,
        documentId: metadata.id,
        heading,
        text: passageText,
        start: part.start,
        end: part.end,
        ...(section.page !== undefined ? { page: section.page } : {}),
        contentHash: passageHash(passageText),
        ...documentProvenance(metadata),
      });
    }
  }
  return passages;
}
