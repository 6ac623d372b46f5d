/**
 * Citation numbering for readers: markers are renumbered [1], [2], [3] ... in order of first appearance in the answer,
 * whatever numbers the prompt gave the passages. The same renumbering runs on the streamed text (marker by marker, as
 * deltas arrive) and on the final answer, so what a reader saw while it streamed matches the stored record. The
 * record keeps `retrievedPassageIds` in prompt order, so a marker can still be traced to what the model was shown.
 */
import { expandMarker, markerPattern } from '../text/citation-markers.js';

interface MarkerRenumbering {
  /** Prompt number → reader number, filled in order of first appearance. */
  readonly mapping: Map<number, number>;
  /** Rewrites every complete marker in `text`; markers for passages not shown are left for verification to drop. */
  apply(text: string): string;
}

function createMarkerRenumbering(shownCount: number): MarkerRenumbering {
  const mapping = new Map<number, number>();
  const numberFor = (n: number) => {
    let mapped = mapping.get(n);
    if (mapped === undefined) {
      mapped = mapping.size + 1;
      mapping.set(n, mapped);
    }
    return mapped;
  };
  return {
    mapping,
    apply(text) {
      return text.replace(markerPattern, (marker, inside: string) => {
        const numbers = expandMarker(inside);
        if (numbers.some((n) => n < 1 || n > shownCount)) return marker;
        return numbers.map((n) => `[${numberFor(n)}]`).join('');
      });
    },
  };
}

/** Renumbers a finished answer; returns the text and the mapping (prompt number → reader number). */
export function renumberMarkers(text: string, shownCount: number): { text: string; mapping: Map<number, number> } {
  const renumbering = createMarkerRenumbering(shownCount);
  return { text: renumbering.apply(text), mapping: renumbering.mapping };
}

/**
 * Renumbers streamed text delta by delta. A marker split across deltas ("[1" + "2]") is held back until it closes,
 * so a reader never sees a prompt number.
 */
export function createStreamingRenumberer(shownCount: number): {
  push(delta: string): string;
  flush(): string;
} {
  const renumbering = createMarkerRenumbering(shownCount);
  let pending = '';
  return {
    push(delta) {
      const text = pending + delta;
      // Hold back from an opening bracket that may still become a marker: "[", "[1", "[1, 2".
      const open = /\[[\d\s,–-]*$/.exec(text);
      const ready = open ? text.slice(0, open.index) : text;
      pending = open ? text.slice(open.index) : '';
      return renumbering.apply(ready);
    },
    flush() {
      const rest = renumbering.apply(pending);
      pending = '';
      return rest;
    },
  };
}
