/**
 * Plain text (`.txt`), with optional front matter. Lines that look like headings (ALL CAPS, or starting with
 * Article, Section, §, Chapter, Part, or Chinese 第…条/章) delimit units; a file without any such line is cut into
 * its paragraphs (blank-line separated), anchored `para-1`, `para-2`, ...
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fail, ok, type Result } from '../errors.js';
import { slugify } from './anchors.js';
import { extractFrontMatter, validatePartialFrontMatter } from './front-matter.js';
import { decodeText, type ParsedDocument, type ReaderInput } from './parsed-document.js';
import { buildSections, type HeadingMark } from './sections.js';
import { trimSpan } from '../text/spans.js';
import type { DocumentSection } from './types.js';
import { cjkShare, countWords } from '../text/words.js';

const labelled = [
  { depth: 1, pattern: /^(?:part|title)\s+[0-9ivxlc]+\b/i },
  { depth: 2, pattern: /^chapter\s+[0-9ivxlc]+\b/i },
  { depth: 3, pattern: /^(?:article|section|§)\s*[0-9ivxlc]+[a-z]?\b/i },
  { depth: 1, pattern: /^第[〇零一二三四五六七八九十百千0-9]+[编]/ },
  { depth: 2, pattern: /^第[〇零一二三四五六七八九十百千0-9]+[章]/ },
  { depth: 3, pattern: /^第[〇零一二三四五六七八九十百千0-9]+[节条]/ },
];

/** The heading depth of a line, or undefined for body text. */
export function headingDepth(line: string): number | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.length > 120) return undefined;
  const words = trimmed.split(/\s+/).length;
  for (const { depth, pattern } of labelled) {
    if (!pattern.test(trimmed)) continue;
    // "Article 38 sets out the conditions." is a sentence about an article, not its heading.
    if (words > 12 || /[,;，；]$/.test(trimmed)) return undefined;
    if (/[.。]$/.test(trimmed) && words > 3) return undefined;
    if (/^第/.test(trimmed) && trimmed.length > 40) return undefined;
    return depth;
  }
  const letters = trimmed.match(/\p{L}/gu) ?? [];
  const isAllCaps = letters.length >= 3 && !/\p{Ll}/u.test(trimmed) && /\p{Lu}/u.test(trimmed);
  if (isAllCaps && words <= 15 && !/[.,;:]$/.test(trimmed)) return 1;
  return undefined;
}

/** Heading lines of a plain text with their offsets. */
export function textHeadings(text: string): HeadingMark[] {
  const headings: HeadingMark[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const depth = headingDepth(line);
    if (depth !== undefined) {
      const span = trimSpan(text, offset, offset + line.length);
      headings.push({ depth, title: line.trim().replace(/[.。]$/, ''), start: span.start, end: span.end });
    }
    offset += line.length + 1;
  }
  return headings;
}

/** Blank-line separated paragraphs as units, for texts without headings. */
export function paragraphSections(text: string): DocumentSection[] {
  const sections: DocumentSection[] = [];
  const separator = /\n[ \t]*\n/g;
  let start = 0;
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(separator)) {
    spans.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  spans.push({ start, end: text.length });
  for (const span of spans) {
    const trimmed = trimSpan(text, span.start, span.end);
    if (countWords(text.slice(trimmed.start, trimmed.end)) === 0) continue;
    sections.push({ anchor: `para-${sections.length + 1}`, headings: [], ...trimmed });
  }
  return sections;
}

/** Id from a file name: its slug, or a short hash for names without ASCII letters. */
export function fileNameId(fileName: string): string {
  const base = path.basename(fileName, path.extname(fileName));
  return slugify(base) || `document-${createHash('sha256').update(base).digest('hex').slice(0, 8)}`;
}

export function guessLanguage(text: string): string {
  return cjkShare(text) > 0.3 ? 'zh' : 'en';
}

export async function readPlainText(input: ReaderInput): Promise<Result<ParsedDocument, string>> {
  const content = decodeText(input.bytes);
  const block = extractFrontMatter(content);
  if (!block.ok) return block;
  const text = content.slice(block.value.bodyStart);
  const firstLine = text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine === '') return fail('the file has no text');
  const metadata = validatePartialFrontMatter(block.value.data, {
    id: fileNameId(input.fileName),
    title: firstLine.slice(0, 200),
    language: guessLanguage(text),
  });
  if (!metadata.ok) return metadata;
  const headings = textHeadings(text);
  // A title line alone does not structure the text: the paragraphs still do.
  if (headings.length === 0 || (headings.length === 1 && text.slice(0, headings[0]!.start).trim() === '')) {
    return ok({ metadata: metadata.value, text, sections: paragraphSections(text) });
  }
  const sections = buildSections(text, headings, { firstLineIsTitle: true });
  if (!sections.ok) return sections;
  return ok({ metadata: metadata.value, text, sections: sections.value });
}
