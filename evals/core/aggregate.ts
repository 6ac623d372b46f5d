/** Averages of per-case scores: overall and per category, skipping cases a scorer does not apply to. */

/** Mean of the numbers, ignoring nulls; null when nothing is left. */
export function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (present.length === 0) return null;
  return present.reduce((sum, value) => sum + value, 0) / present.length;
}

/** Per-metric means over rows of scores. */
export function averageScores(
  rows: readonly Record<string, number | null>[],
  metrics: readonly string[],
): Record<string, number | null> {
  return Object.fromEntries(metrics.map((metric) => [metric, meanOf(rows.map((row) => row[metric]))]));
}

/** Per-metric means for every group (category), groups in first-seen order. */
export function averageByGroup<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  scoresOf: (item: T) => Record<string, number | null>,
  metrics: readonly string[],
): Record<string, Record<string, number | null>> {
  const groups = new Map<string, Record<string, number | null>[]>();
  for (const item of items) {
    const group = groupOf(item);
    groups.set(group, [...(groups.get(group) ?? []), scoresOf(item)]);
  }
  return Object.fromEntries([...groups].map(([group, rows]) => [group, averageScores(rows, metrics)]));
}
