/** The `[n]` citation markers answers carry: `[3]`, `[2, 5]`, `[2–4]`. */

/**
 * A citation marker: `[3]`, `[2, 5]`, `[2–4]`; group 1 is what is inside the brackets. Shared and global: use it only
 * with `replace` and `matchAll`, which leave its `lastIndex` at 0 (`test` or `exec` would leave it mid-string for the
 * next caller).
 */
export const markerPattern = /\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;

/** Numbers inside one marker: `[2, 5]` → 2, 5; a short range `[2–4]` → 2, 3, 4. */
export function expandMarker(inside: string): number[] {
  const numbers: number[] = [];
  for (const piece of inside.split(',')) {
    const range = /^\s*(\d+)\s*[–-]\s*(\d+)\s*$/.exec(piece);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      // A range is a shorthand for a few markers; a huge one is a malformed marker, kept as its ends.
      if (to >= from && to - from <= 10) for (let n = from; n <= to; n++) numbers.push(n);
      else numbers.push(from, to);
    } else {
      numbers.push(Number(piece.trim()));
    }
  }
  return numbers;
}

const markersWithLeadingSpace = new RegExp(String.raw`\s*${markerPattern.source}`, 'g');

/** Removes `[n]` citation markers and tidies the spaces they leave. */
export function stripMarkers(text: string): string {
  return text
    .replace(markersWithLeadingSpace, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}
