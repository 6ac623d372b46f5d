/**
 * A tiny element builder for the widget. Text only ever enters the DOM through `textContent`/text nodes, never through
 * HTML parsing, so nothing from the model, the corpus or the host page can inject markup or script.
 */

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  attributes?: Record<string, string | undefined>;
  text?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function element<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, listener] of Object.entries(options.on ?? {})) {
    node.addEventListener(name, listener as EventListener);
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  const document = parent.ownerDocument ?? (parent as Document);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Only web links may become `href`s: `javascript:`, `data:` and friends are dropped. */
export function safeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An external link that cannot reach back into the host page (`noopener`) or leak it (`noreferrer`). */
export function externalLink(document: Document, href: string, text: string, className?: string): HTMLAnchorElement {
  return element(document, 'a', {
    class: className,
    text,
    attributes: { href, target: '_blank', rel: 'noopener noreferrer' },
  });
}
