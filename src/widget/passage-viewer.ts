/**
 * The passage viewer opened from a citation chip or a source: the cited quote highlighted in its passage, with the
 * heading path, title, publisher, date, type and a link to the source. Passage text is shown as text, never parsed.
 */
import { element, externalLink, safeUrl } from './dom.js';
import { icon } from './icons.js';
import { locateQuote } from './quote.js';
import type { PassageView } from './types.js';

/** What the viewer knows before the passage arrives (from a citation or a closest-source entry). */
export interface PassageRequest {
  passageId: string;
  n?: number;
  title: string;
  publisher?: string;
  published?: string;
  /** The date that fits the source and its as-of date, as the answer record gives it. */
  dateLine?: string;
  type?: string;
  jurisdiction?: string;
  heading?: string;
  url?: string;
  quote?: string;
  start?: number;
  end?: number;
  snippet?: string;
}

function header(document: Document, title: string, n: number | undefined, close: () => void): HTMLElement {
  return element(document, 'div', { class: 'viewer-header' }, [
    n !== undefined &&
      element(document, 'span', { class: 'chip', text: String(n), attributes: { 'aria-hidden': 'true' } }),
    element(document, 'h3', { class: 'viewer-title', text: title, attributes: { id: 'diligence-chat-viewer-title' } }),
    element(
      document,
      'button',
      {
        class: 'icon-button close-viewer',
        attributes: { type: 'button', 'aria-label': 'Close the source', title: 'Close' },
        on: { click: close },
      },
      [icon(document, 'close')],
    ),
  ]);
}

export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(match[3])} ${months[Number(match[2]) - 1] ?? ''} ${match[1]}`;
}

function meta(document: Document, source: Partial<PassageRequest>): HTMLElement {
  return element(document, 'p', { class: 'meta' }, [
    source.type && element(document, 'span', { class: 'type', text: source.type }),
    source.publisher && element(document, 'span', { text: source.publisher }),
    (source.dateLine || source.published) &&
      element(document, 'span', { class: 'date', text: source.dateLine || formatDate(source.published) }),
    source.jurisdiction && element(document, 'span', { text: source.jurisdiction }),
  ]);
}

function sourceLink(document: Document, url: string | undefined): HTMLElement | undefined {
  const href = safeUrl(url);
  if (!href) return undefined;
  const link = externalLink(document, href, 'Open the original source', 'source-link');
  link.appendChild(icon(document, 'external', 14));
  return link;
}

export function renderViewerLoading(document: Document, request: PassageRequest, close: () => void): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(
    header(document, request.title, request.n, close),
    element(document, 'div', { class: 'viewer-body' }, [
      meta(document, request),
      element(document, 'p', { class: 'thinking', text: 'Loading the passage…' }),
    ]),
  );
  return fragment;
}

export function renderViewerError(
  document: Document,
  request: PassageRequest,
  message: string,
  close: () => void,
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(
    header(document, request.title, request.n, close),
    element(document, 'div', { class: 'viewer-body' }, [
      meta(document, request),
      (request.quote || request.snippet) &&
        element(document, 'blockquote', { class: 'passage', text: request.quote || request.snippet }),
      element(document, 'p', { class: 'notice-text', text: `${message} The quoted text is shown above.` }),
      sourceLink(document, request.url),
    ]),
  );
  return fragment;
}

export function renderPassageViewer(
  document: Document,
  passage: PassageView,
  request: PassageRequest,
  close: () => void,
): DocumentFragment {
  const text = element(document, 'div', {
    class: 'passage',
    attributes: { tabindex: '0', 'aria-label': 'Passage text' },
  });
  const range =
    request.quote !== undefined && request.start !== undefined && request.end !== undefined
      ? locateQuote(passage, { quote: request.quote, start: request.start, end: request.end })
      : undefined;
  if (range) {
    text.append(
      passage.text.slice(0, range.start),
      element(document, 'mark', { text: passage.text.slice(range.start, range.end) }),
      passage.text.slice(range.end),
    );
  } else {
    text.textContent = passage.text;
  }
  const heading = passage.heading || request.heading;
  const fragment = document.createDocumentFragment();
  fragment.append(
    header(document, passage.title || request.title, request.n, close),
    element(document, 'div', { class: 'viewer-body' }, [
      meta(document, { ...request, ...passage }),
      heading && element(document, 'p', { class: 'breadcrumb', text: heading }),
      text,
      range && element(document, 'p', { class: 'sr-only', text: 'The cited quote is highlighted.' }),
      sourceLink(document, passage.url || request.url),
    ]),
  );
  return fragment;
}
