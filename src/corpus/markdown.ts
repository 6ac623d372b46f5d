/**
 * Markdown with YAML front matter, the native corpus format. Headings (and their offsets) come from a CommonMark
 * parser, so `#` lines inside fenced code are not headings; the document text is the body after the front matter.
 */
import type { Heading, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import { fail, ok, type Result } from '../errors.js';
import { parseHeadingAnchor } from './anchors.js';
import { extractFrontMatter, validateFrontMatter } from './front-matter.js';
import { decodeText, type ParsedDocument, type ReaderInput } from './parsed-document.js';
import { buildSections, type HeadingMark } from './sections.js';

function collectHeadings(node: Nodes, headings: Heading[]): void {
  if (node.type === 'heading') {
    headings.push(node);
    return;
  }
  if ('children' in node) for (const child of node.children) collectHeadings(child, headings);
}

/** Headings of a Markdown text with offsets into that text. */
export function markdownHeadings(text: string): HeadingMark[] {
  const headings: Heading[] = [];
  collectHeadings(fromMarkdown(text), headings);
  return headings.map((heading) => {
    const { title, anchor } = parseHeadingAnchor(toString(heading));
    return {
      depth: heading.depth,
      title,
      ...(anchor ? { explicitAnchor: anchor } : {}),
      start: heading.position!.start.offset!,
      end: heading.position!.end.offset!,
    };
  });
}

export async function readMarkdown(input: ReaderInput): Promise<Result<ParsedDocument, string>> {
  const content = decodeText(input.bytes);
  const block = extractFrontMatter(content);
  if (!block.ok) return block;
  const metadata = validateFrontMatter(block.value.data);
  if (!metadata.ok) return metadata;
  const text = content.slice(block.value.bodyStart);
  const sections = buildSections(text, markdownHeadings(text));
  if (!sections.ok) return sections;
  if (sections.value.length === 0) return fail('the document has no text after its front matter');
  return ok({ metadata: metadata.value, text, sections: sections.value });
}
