/**
 * Words and phrases given as data (the field vocabulary's lists) as patterns: matched whole, case-insensitively, the
 * words of a phrase apart by spaces or hyphens ("supply chain", "supply-chain"), a trailing `*` on a word standing for
 * any ending ("alleg*": "alleged", "allegations").
 */

/** One pattern for a list; one that never matches for an empty list. `flags` adds to `iu` (`g` for `matchAll`). */
export function phrasePattern(phrases: readonly string[], flags = ''): RegExp {
  const alternatives = phrases
    .map((phrase) =>
      phrase
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((word) => (word.endsWith('*') ? `${escapeRegExp(word.slice(0, -1))}[\\p{L}\\p{N}_]*` : escapeRegExp(word)))
        .join('[\\s-]+'),
    )
    .filter(Boolean);
  if (alternatives.length === 0) return new RegExp('(?!)', flags);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, `iu${flags}`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
