/** Passages as the sources a surface lists: metadata plus a short snippet, without the full text. */
import type { Passage } from '../corpus/types.js';
import type { SourcePassage } from './record.js';
import { sourceDateLine } from './source-dates.js';

const snippetLength = 280;

/** Where a passage comes from, as every citation and source list shows it. */
export function passageProvenance(passage: Passage) {
  return {
    passageId: passage.id,
    documentId: passage.documentId,
    title: passage.title,
    publisher: passage.publisher,
    url: passage.url,
    published: passage.published,
    type: passage.type,
    jurisdiction: passage.jurisdiction,
    heading: passage.heading,
    asOf: passage.asOf,
    dates: passage.dates ?? {},
    dateLine: sourceDateLine(passage),
  };
}

export function toSourcePassage(passage: Passage, score: number): SourcePassage {
  return { ...passageProvenance(passage), score, snippet: snippet(passage.text) };
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= snippetLength) return flat;
  const cut = flat.lastIndexOf(' ', snippetLength);
  return `${flat.slice(0, cut > 0 ? cut : snippetLength)}…`;
}
