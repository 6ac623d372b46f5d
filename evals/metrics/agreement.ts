/**
 * Agreement between two judges on the same binary decisions: raw agreement and Cohen's kappa (agreement corrected
 * for chance), with the confusion counts so a reader can see which way they disagree.
 */

export interface Agreement {
  /** Decisions both judges made. */
  count: number;
  agreement: number | null;
  kappa: number | null;
  /** both supported, only the first, only the second, neither. */
  confusion: { both: number; firstOnly: number; secondOnly: number; neither: number };
}

export function agreementBetween(pairs: readonly [boolean, boolean][]): Agreement {
  const confusion = { both: 0, firstOnly: 0, secondOnly: 0, neither: 0 };
  for (const [first, second] of pairs) {
    if (first && second) confusion.both++;
    else if (first) confusion.firstOnly++;
    else if (second) confusion.secondOnly++;
    else confusion.neither++;
  }
  const count = pairs.length;
  if (count === 0) return { count, agreement: null, kappa: null, confusion };
  const observed = (confusion.both + confusion.neither) / count;
  const firstYes = (confusion.both + confusion.firstOnly) / count;
  const secondYes = (confusion.both + confusion.secondOnly) / count;
  const expected = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
  // When both judges always give the same single answer, chance agreement is 1 and kappa is undefined; perfect
  // agreement then reads as 1.
  const kappa = expected === 1 ? (observed === 1 ? 1 : 0) : (observed - expected) / (1 - expected);
  return { count, agreement: observed, kappa, confusion };
}
