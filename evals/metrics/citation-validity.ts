/**
 * Citation validity: the mechanical half of trust. Every `[n]` marker in an answer must resolve to one of its
 * citations; every citation must name a passage that exists and was shown to the model, and its quote must be
 * verbatim in that passage, at the character span the citation states. Anything else is a broken citation that a
 * reader would follow to the wrong place.
 */

export interface ValidityCitation {
  n: number;
  passageId: string;
  quote: string;
  start: number;
  end: number;
}

export interface ValidityPassage {
  id: string;
  text: string;
  start: number;
  end: number;
}

export interface CitationValidity {
  /** True when every marker and citation checks out. */
  valid: boolean;
  markers: number[];
  problems: string[];
}

const markerPattern = /\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;

/** Marker numbers in a text, in order of first appearance: `[1]`, `[1, 3]` and `[2-4]` forms. */
export function markersInText(text: string): number[] {
  const numbers: number[] = [];
  for (const match of text.matchAll(markerPattern)) {
    for (const piece of match[1]!.split(',')) {
      const range = /^\s*(\d+)\s*[–-]\s*(\d+)\s*$/.exec(piece);
      const values = range
        ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1])) + 1 }, (_, i) => Number(range[1]) + i)
        : [Number(piece.trim())];
      for (const value of values) if (!numbers.includes(value)) numbers.push(value);
    }
  }
  return numbers;
}

export function checkCitations(options: {
  answer: string;
  citations: readonly ValidityCitation[];
  /** Cited passages by id; a missing entry is a passage the index does not have. */
  passages: ReadonlyMap<string, ValidityPassage>;
  /** Ids of the passages shown to the model; when given, citing anything else is a problem. */
  shownPassageIds?: readonly string[];
}): CitationValidity {
  const problems: string[] = [];
  const markers = markersInText(options.answer);
  const byNumber = new Map(options.citations.map((citation) => [citation.n, citation]));
  for (const n of markers) {
    if (!byNumber.has(n)) problems.push(`marker [${n}] has no citation`);
  }
  const shown = options.shownPassageIds ? new Set(options.shownPassageIds) : undefined;
  for (const citation of options.citations) {
    const label = `[${citation.n}] ${citation.passageId}`;
    const passage = options.passages.get(citation.passageId);
    if (!passage) {
      problems.push(`${label}: passage does not exist`);
      continue;
    }
    if (shown && !shown.has(citation.passageId)) problems.push(`${label}: passage was not shown to the model`);
    if (citation.quote.trim() === '') {
      problems.push(`${label}: empty quote`);
      continue;
    }
    if (!passage.text.includes(citation.quote)) {
      problems.push(`${label}: quote is not verbatim in the passage`);
      continue;
    }
    const spanText = passage.text.slice(citation.start - passage.start, citation.end - passage.start);
    if (citation.start < passage.start || citation.end > passage.end || spanText !== citation.quote) {
      problems.push(`${label}: quote span ${citation.start}–${citation.end} does not hold the quote`);
    }
  }
  return { valid: problems.length === 0, markers, problems };
}
