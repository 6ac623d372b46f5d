/**
 * Where a citation's quote sits inside its passage. Citations carry document offsets, passages their own document
 * span, so the quote starts at `citation.start - passage.start`; a text search is the fallback when offsets disagree.
 */

export interface QuoteRange {
  start: number;
  end: number;
}

export function locateQuote(
  passage: { text: string; start: number },
  citation: { quote: string; start: number; end: number },
): QuoteRange | undefined {
  const start = citation.start - passage.start;
  const end = citation.end - passage.start;
  const inside = start >= 0 && end > start && end <= passage.text.length;
  if (inside && (citation.quote === '' || sameText(passage.text.slice(start, end), citation.quote))) {
    return { start, end };
  }
  const found = citation.quote ? passage.text.indexOf(citation.quote) : -1;
  if (found >= 0) return { start: found, end: found + citation.quote.length };
  return inside ? { start, end } : undefined;
}

function sameText(left: string, right: string): boolean {
  const normalize = (value: string) => value.replace(/\s+/g, ' ').trim();
  return normalize(left) === normalize(right);
}
