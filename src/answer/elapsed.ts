/** Milliseconds since `started` (a `performance.now()` reading), to a tenth: the unit of an answer's timings. */
export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
