/**
 * Turns headings found by a format reader into the document's citable units: each heading's body runs to the next
 * heading, carries its heading path, and gets a unique anchor (explicit, else the heading slug). Text before the
 * first heading is the `intro` unit. Page ranges (PDF) cut units at page boundaries so every unit has one page.
 */
import { fail, ok, type Result } from '../errors.js';
import { headingSlug } from './anchors.js';
import type { DocumentSection } from './types.js';
import { countWords } from '../text/words.js';
import { trimSpan } from '../text/spans.js';

export interface HeadingMark {
  /** 1 = top level. */
  depth: number;
  /** Heading as shown in heading paths (explicit anchor removed). */
  title: string;
  explicitAnchor?: string;
  /** Span of the whole heading (line) in the document text; the body starts at `end`. */
  start: number;
  end: number;
}

export interface PageRange {
  page: number;
  start: number;
  end: number;
}

export const introAnchor = 'intro';

function splitByPages(
  text: string,
  section: Omit<DocumentSection, 'page'>,
  pages: PageRange[] | undefined,
): DocumentSection[] {
  if (!pages) return [section];
  const pieces: DocumentSection[] = [];
  for (const page of pages) {
    const start = Math.max(section.start, page.start);
    const end = Math.min(section.end, page.end);
    if (end <= start) continue;
    const trimmed = trimSpan(text, start, end);
    if (trimmed.end > trimmed.start || pieces.length === 0) pieces.push({ ...section, ...trimmed, page: page.page });
  }
  if (pieces.length > 0) return pieces;
  // A group heading with no body still belongs to the page it sits on.
  const page = pages.find((range) => section.start >= range.start && section.start <= range.end) ?? pages.at(-1);
  return [{ ...section, ...(page ? { page: page.page } : {}) }];
}

/**
 * Builds sections from headings in document order. Fails when two headings carry the same explicit anchor, because
 * passage ids would collide; duplicate slugs get `-2`, `-3`, ... in document order instead.
 */
export function buildSections(
  text: string,
  headings: HeadingMark[],
  options: {
    pages?: PageRange[];
    /**
     * Plain text and PDF files usually open with their title on a heading-like line: when the first heading is the
     * first line, it is treated as the title (left out of heading paths) and its body becomes the intro.
     */
    firstLineIsTitle?: boolean;
  } = {},
): Result<DocumentSection[], string> {
  const first = headings[0];
  let introStart = 0;
  if (options.firstLineIsTitle && first && text.slice(0, first.start).trim() === '') {
    headings = headings.slice(1);
    introStart = first.end;
  }
  const sections: DocumentSection[] = [];
  const used = new Set<string>();
  const explicit = new Map<string, string>();
  for (const heading of headings) {
    if (heading.explicitAnchor) {
      const previous = explicit.get(heading.explicitAnchor);
      if (previous !== undefined) {
        return fail(
          `duplicate anchor {#${heading.explicitAnchor}} on headings "${previous}" and "${heading.title}"; anchors must be unique within a document`,
        );
      }
      explicit.set(heading.explicitAnchor, heading.title);
      used.add(heading.explicitAnchor);
    }
  }

  const intro = trimSpan(text, introStart, headings[0]?.start ?? text.length);
  if (countWords(text.slice(intro.start, intro.end)) > 0) {
    if (explicit.has(introAnchor)) {
      return fail(`the anchor {#${introAnchor}} is reserved for text before the first heading`);
    }
    used.add(introAnchor);
    sections.push(...splitByPages(text, { anchor: introAnchor, headings: [], ...intro }, options.pages));
  }

  const path: { depth: number; title: string }[] = [];
  headings.forEach((heading, index) => {
    while (path.length > 0 && path.at(-1)!.depth >= heading.depth) path.pop();
    path.push({ depth: heading.depth, title: heading.title });
    let anchor = heading.explicitAnchor;
    if (!anchor) {
      const slug = headingSlug(heading.title);
      anchor = slug;
      for (let suffix = 2; used.has(anchor); suffix++) anchor = `${slug}-${suffix}`;
      used.add(anchor);
    }
    const body = trimSpan(text, heading.end, headings[index + 1]?.start ?? text.length);
    sections.push(
      ...splitByPages(text, { anchor, headings: path.map((item) => item.title), ...body }, options.pages),
    );
  });
  return ok(sections);
}
