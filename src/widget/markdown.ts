/**
 * A small, safe Markdown subset for answers: headings, paragraphs, lists, quotes, code, bold, italics, web links and
 * `[n]` citation markers; images are shown as their description only. Output is built from DOM nodes and text nodes only (never HTML parsing), so markup inside
 * an answer or a quoted passage is shown as text and can never run.
 */
import { describeMarkdownImages } from '../answer/markdown-images.js';
import { splitUnsupported, unverifiedLabel } from '../answer/unsupported-sentences.js';
import { element, externalLink, safeUrl } from './dom.js';

export interface MarkdownOptions {
  /** Renders one `[n]` marker; without it markers stay as text. */
  citation?: (n: number) => Node;
  /** Sentences (verbatim substrings of the Markdown) to mark as not supported by their citations. */
  unsupported?: string[];
}

export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'quote'; text: string }
  | { type: 'code'; text: string };

/** Splits Markdown into blocks; anything unrecognised is a paragraph. */
export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !/^\s*```/.test(lines[index]!)) code.push(lines[index]!);
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const item = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const last = blocks[blocks.length - 1];
      if (last?.type === 'list' && last.ordered === ordered) last.items.push(item[3]!);
      else blocks.push({ type: 'list', ordered, items: [item[3]!] });
    } else if (quote) {
      flush();
      const last = blocks[blocks.length - 1];
      if (last?.type === 'quote') last.text += ` ${quote[1]!}`;
      else blocks.push({ type: 'quote', text: quote[1]! });
    } else {
      const last = blocks[blocks.length - 1];
      // A wrapped line continues the list item above it when no blank line separates them.
      if (
        paragraph.length === 0 &&
        last?.type === 'list' &&
        /^\s+/.test(line) &&
        index > 0 &&
        lines[index - 1] !== ''
      ) {
        last.items[last.items.length - 1] += ` ${line.trim()}`;
      } else {
        paragraph.push(line.trim());
      }
    }
  }
  flush();
  return blocks;
}

export function renderMarkdown(document: Document, markdown: string, options: MarkdownOptions = {}): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of parseBlocks(markdown)) {
    switch (block.type) {
      case 'heading': {
        // Answer headings sit inside a chat bubble: keep them below the host page's own heading levels.
        const tag = block.level <= 2 ? 'h3' : 'h4';
        fragment.appendChild(
          withInline(document, element(document, tag, { class: 'md-heading' }), block.text, options),
        );
        break;
      }
      case 'paragraph':
        fragment.appendChild(withInline(document, element(document, 'p'), block.text, options));
        break;
      case 'quote':
        fragment.appendChild(withInline(document, element(document, 'blockquote'), block.text, options));
        break;
      case 'code':
        fragment.appendChild(element(document, 'pre', {}, [element(document, 'code', { text: block.text })]));
        break;
      case 'list': {
        const list = element(document, block.ordered ? 'ol' : 'ul');
        for (const item of block.items) list.appendChild(withInline(document, element(document, 'li'), item, options));
        fragment.appendChild(list);
        break;
      }
    }
  }
  return fragment;
}

function withInline<T extends HTMLElement>(document: Document, parent: T, text: string, options: MarkdownOptions): T {
  for (const segment of markUnsupported(text, options.unsupported ?? [])) {
    if (!segment.unsupported) {
      appendInline(document, parent, segment.text, options);
      continue;
    }
    const span = element(document, 'span', {
      class: 'unsupported',
      attributes: { title: 'This sentence is not supported by the cited sources.' },
    });
    appendInline(document, span, segment.text, options);
    span.appendChild(element(document, 'span', { class: 'unsupported-flag', text: unverifiedLabel }));
    span.appendChild(element(document, 'span', { class: 'sr-only', text: ' (not supported by the cited sources)' }));
    parent.appendChild(span);
  }
  return parent;
}

/** Kept under its old name for the widget's callers. */
export const markUnsupported = splitUnsupported;

const inlinePattern =
  /(!\[[^\]\n]*\]\([^)\n]*\))|(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(\[[^\]\n]+\]\([^)\s]+\))|(\[\d+(?:\s*[,–-]\s*\d+)*\])|(\*[^*\s](?:[^*\n]*[^*\s])?\*)/g;

function appendInline(document: Document, parent: Node, text: string, options: MarkdownOptions): void {
  let position = 0;
  for (const match of text.matchAll(inlinePattern)) {
    if (match.index > position) parent.appendChild(document.createTextNode(text.slice(position, match.index)));
    position = match.index + match[0].length;
    const [token, image, code, bold, link, citation, italic] = match;
    if (image) {
      // Never an <img> or a link: the address is the document author's, and fetching it would report the reader.
      parent.appendChild(document.createTextNode(describeMarkdownImages(image)));
    } else if (code) {
      parent.appendChild(element(document, 'code', { text: code.slice(1, -1) }));
    } else if (bold) {
      const strong = element(document, 'strong');
      appendInline(document, strong, bold.slice(2, -2), options);
      parent.appendChild(strong);
    } else if (link) {
      const parts = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(link)!;
      const href = safeUrl(parts[2]);
      parent.appendChild(href ? externalLink(document, href, parts[1]!) : document.createTextNode(parts[1]!));
    } else if (citation) {
      parent.appendChild(citationNodes(document, citation, options));
    } else if (italic) {
      const emphasis = element(document, 'em');
      appendInline(document, emphasis, italic.slice(1, -1), options);
      parent.appendChild(emphasis);
    } else {
      parent.appendChild(document.createTextNode(token));
    }
  }
  if (position < text.length) parent.appendChild(document.createTextNode(text.slice(position)));
}

/** `[2]`, `[1, 3]` and `[1-3]` become one node per cited number. */
export function citationNumbers(marker: string): number[] {
  const numbers: number[] = [];
  for (const part of marker.replace(/^\[|\]$/g, '').split(',')) {
    const range = /^\s*(\d+)\s*[–-]\s*(\d+)\s*$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Math.min(Number(range[2]), from + 20);
      for (let value = from; value <= to; value++) numbers.push(value);
    } else if (/^\s*\d+\s*$/.test(part)) {
      numbers.push(Number(part));
    }
  }
  return numbers;
}

function citationNodes(document: Document, marker: string, options: MarkdownOptions): Node {
  if (!options.citation) return document.createTextNode(marker);
  const group = element(document, 'span', { class: 'citation-group' });
  for (const n of citationNumbers(marker)) group.appendChild(options.citation(n));
  return group;
}
