/**
 * Passage anchors: explicit `{#art-38}` markers at the end of headings, and slugs of heading text when there is none
 * (lowercase ASCII letters and digits joined by single hyphens, at most 60 characters; see docs/corpus-format.md).
 */
import { createHash } from 'node:crypto';

export const maxSlugLength = 60;

const explicitAnchor = /\s*\{#([A-Za-z0-9][A-Za-z0-9_.:-]*)\}\s*$/;

/** Splits "Article 38 {#art-38}" into the heading shown to readers and its explicit anchor. */
export function parseHeadingAnchor(heading: string): { title: string; anchor?: string } {
  const match = explicitAnchor.exec(heading);
  if (!match) return { title: heading.trim() };
  return { title: heading.slice(0, match.index).trim(), anchor: match[1] };
}

/** Lowercase ASCII slug; '' when the text has no ASCII letters or digits (e.g. a Chinese heading). */
export function slugify(text: string, maxLength = maxSlugLength): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * The anchor of a heading without an explicit one. Headings without ASCII letters (Chinese "第三十八条") get a short
 * hash of their text instead, which stays stable when other headings are added or moved.
 */
export function headingSlug(title: string): string {
  const slug = slugify(title);
  if (slug !== '') return slug;
  return `h-${createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 8)}`;
}
