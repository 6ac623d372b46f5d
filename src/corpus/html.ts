/**
 * HTML pages (`.html`, `.htm`). Readability picks the main text (dropping navigation, footers, cookie banners); the
 * result is flattened into plain paragraphs with `h1`–`h6` as headings. Metadata comes from
 * `<meta name="...">` tags named like the front-matter fields, else from `<title>`.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { fail, ok, type Result } from '../errors.js';
import { parseHeadingAnchor } from './anchors.js';
import { frontMatterSchema, validatePartialFrontMatter } from './front-matter.js';
import { decodeText, type ParsedDocument, type ReaderInput } from './parsed-document.js';
import { fileNameId, guessLanguage } from './plain-text.js';
import { buildSections, type HeadingMark } from './sections.js';

type Block = { kind: 'heading'; depth: number; text: string; id?: string } | { kind: 'paragraph'; text: string };

const headingTags = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const leafBlockTags = new Set(['P', 'LI', 'PRE', 'BLOCKQUOTE', 'DT', 'DD', 'FIGCAPTION', 'CAPTION', 'TD', 'TH']);
const inlineTags = new Set([
  'A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'DATA', 'DFN', 'EM', 'I', 'KBD', 'MARK', 'Q', 'S', 'SAMP', 'SMALL',
  'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'WBR',
]);
const skippedTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'FORM']);

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Flattens an element tree into headings and paragraphs in reading order. */
function collectBlocks(root: Node): Block[] {
  const blocks: Block[] = [];
  let inline = '';
  const flush = () => {
    const text = collapse(inline);
    if (text !== '') blocks.push({ kind: 'paragraph', text });
    inline = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        inline += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const tag = element.tagName.toUpperCase();
      if (skippedTags.has(tag)) continue;
      if (tag === 'BR') inline += ' ';
      else if (inlineTags.has(tag)) inline += element.textContent ?? '';
      else if (headingTags.has(tag)) {
        flush();
        const text = collapse(element.textContent ?? '');
        const id = element.getAttribute('id') ?? undefined;
        if (text !== '') blocks.push({ kind: 'heading', depth: Number(tag.slice(1)), text, ...(id ? { id } : {}) });
      } else if (leafBlockTags.has(tag)) {
        flush();
        inline = element.textContent ?? '';
        flush();
      } else {
        flush();
        walk(element);
        flush();
      }
    }
  };
  walk(root);
  flush();
  return blocks;
}

const anchorLike = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Joins blocks into the document text (blank line between blocks) and records where each heading sits. */
function layout(blocks: Block[]): { text: string; headings: HeadingMark[] } {
  let text = '';
  const headings: HeadingMark[] = [];
  for (const block of blocks) {
    if (text !== '') text += '\n\n';
    const start = text.length;
    text += block.text;
    if (block.kind === 'heading') {
      const parsed = parseHeadingAnchor(block.text);
      const explicitAnchor = parsed.anchor ?? (block.id && anchorLike.test(block.id) ? block.id : undefined);
      headings.push({
        depth: block.depth,
        title: parsed.title,
        ...(explicitAnchor ? { explicitAnchor } : {}),
        start,
        end: text.length,
      });
    }
  }
  return { text, headings };
}

function metaFields(document: Document): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(frontMatterSchema.shape)) {
    const content = document.querySelector(`meta[name="${name}"]`)?.getAttribute('content')?.trim();
    if (!content) continue;
    fields[name] =
      name === 'vendors'
        ? content
            .split(',')
            .map((vendor) => vendor.trim())
            .filter(Boolean)
        : content;
  }
  return fields;
}

function mainContent(html: string): { root: Node; title: string } {
  const { document } = parseHTML(html);
  const pageTitle = collapse(document.querySelector('title')?.textContent ?? '');
  const article = new Readability(document.cloneNode(true) as unknown as Document, { charThreshold: 100 }).parse();
  if (article?.content) {
    const { document: articleDocument } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
    return { root: articleDocument.body, title: pageTitle || collapse(article.title ?? '') };
  }
  // Readability found no article (tiny pages): fall back to the body without the usual page furniture.
  for (const element of Array.from(document.querySelectorAll('nav, header, footer, aside, script, style'))) {
    element.remove();
  }
  return { root: document.body, title: pageTitle };
}

export async function readHtml(input: ReaderInput): Promise<Result<ParsedDocument, string>> {
  const html = decodeText(input.bytes);
  const { document } = parseHTML(html);
  const { root, title } = mainContent(html);
  const { text, headings } = layout(collectBlocks(root));
  if (text.trim() === '') return fail('no readable text found in the page');
  const metadata = validatePartialFrontMatter(metaFields(document as unknown as Document), {
    id: fileNameId(input.fileName),
    title: title || headings[0]?.title || fileNameId(input.fileName),
    language: document.documentElement.getAttribute('lang')?.split('-')[0]?.toLowerCase() || guessLanguage(text),
  });
  if (!metadata.ok) return metadata;
  const sections = buildSections(text, headings);
  if (!sections.ok) return sections;
  return ok({ metadata: metadata.value, text, sections: sections.value });
}
