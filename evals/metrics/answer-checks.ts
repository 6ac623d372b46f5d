/**
 * Per-answer checks that need no judge: whether the status is the expected one, whether the assistant refused, and
 * how many of the key facts the answer states. Refusal is any abstaining status (`insufficient_evidence`,
 * `out_of_scope`): correct-refusal and false-refusal rates are reported apart, because a system can look accurate
 * by refusing everything, or by refusing nothing.
 */

export const refusalStatuses: ReadonlySet<string> = new Set(['insufficient_evidence', 'out_of_scope']);

export function isRefusal(status: string): boolean {
  return refusalStatuses.has(status);
}

/** Lower case, markers and Markdown emphasis removed, quotes and dashes unified, whitespace collapsed. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[\d+(?:\s*[,–-]\s*\d+)*\]/g, ' ')
    .replace(/[*_`]/g, '')
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface KeyFactCoverage {
  /** Share of key facts the answer states; null when the question lists none. */
  coverage: number | null;
  found: string[];
  missing: string[];
}

/** Key facts are short phrases copied from the gold passages, so a verbatim (normalised) match is a fair test. */
export function keyFactCoverage(answer: string, keyFacts: readonly string[]): KeyFactCoverage {
  if (keyFacts.length === 0) return { coverage: null, found: [], missing: [] };
  const text = normaliseForMatching(answer);
  const found = keyFacts.filter((fact) => text.includes(normaliseForMatching(fact)));
  return {
    coverage: found.length / keyFacts.length,
    found,
    missing: keyFacts.filter((fact) => !found.includes(fact)),
  };
}

export interface PatternCoverage {
  /** Share of patterns the answer matches; null when the question lists none. */
  share: number | null;
  missing: string[];
}

/**
 * `must_contain` patterns are case-insensitive regular expressions ("six months|6 months") matched against the
 * normalised answer; a pattern that is not a valid expression is matched as plain text.
 */
export function patternCoverage(answer: string, patterns: readonly string[]): PatternCoverage {
  if (patterns.length === 0) return { share: null, missing: [] };
  const text = normaliseForMatching(answer);
  const matches = (pattern: string) => {
    try {
      return new RegExp(normaliseForMatching(pattern), 'iu').test(text);
    } catch {
      return text.includes(normaliseForMatching(pattern));
    }
  };
  const missing = patterns.filter((pattern) => !matches(pattern));
  return { share: (patterns.length - missing.length) / patterns.length, missing };
}

/** The share of facts (key facts or patterns) an answer needs to pass the strict check. */
export const strictFactShare = 2 / 3;
