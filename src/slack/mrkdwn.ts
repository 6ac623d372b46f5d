/**
 * Slack mrkdwn from untrusted text. Corpus passages and model output are shown in Slack, so `&`, `<` and `>` are
 * escaped (no `<!channel>`, `<@U…>` or `<https://…|forged text>` can form), bare `@channel`/`@here`/`@everyone` are
 * broken with a zero-width space, and Markdown links are shown as text plus address rather than as Slack links.
 */

import { describeMarkdownImages } from '../answer/markdown-images.js';

const zeroWidthSpace = '\u200B';

/** Escapes the three characters Slack's mrkdwn gives meaning to. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, `@${zeroWidthSpace}$1`);
}

/** Reverses `escapeMrkdwn`, for reading our own messages back as conversation history. */
export function unescapeMrkdwn(text: string): string {
  return text.replaceAll(zeroWidthSpace, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The answer's Markdown as mrkdwn: bold, headings and bullets translated, everything else escaped. */
export function markdownToMrkdwn(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) return `*${inline(heading[1] ?? '').replace(/\*/g, '')}*`;
      const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (bullet) return `${bullet[1] ?? ''}• ${inline(bullet[2] ?? '')}`;
      return inline(line);
    })
    .join('\n');
}

function inline(text: string): string {
  return escapeMrkdwn(
    // An image becomes its description: its address must not be linked or unfurled.
    describeMarkdownImages(text)
      // A link in generated or corpus text must not become a Slack link with text that hides where it goes.
      .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1 ($2)'),
  )
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '*$1*')
    .replace(/__(?=\S)(.+?)(?<=\S)__/g, '_$1_');
}

/** A Slack link `<url|label>` when `url` is a plain http(s) address, else just the escaped label. */
export function mrkdwnLink(url: string, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!isHttpUrl(url)) return safeLabel;
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${safeLabel}>`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** Shortens plain text to at most `maxLength` characters at a word boundary, marking the cut with an ellipsis. */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, Math.max(0, maxLength - 1));
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > maxLength * 0.6 ? atWord : cut).trimEnd()}…`;
}

/**
 * Splits mrkdwn into pieces of at most `maxLength` characters, preferring paragraph, line, sentence and word
 * boundaries, and never cutting an `&amp;`-style entity in half.
 */
export function splitMrkdwn(text: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > maxLength) {
    const window = rest.slice(0, maxLength);
    const boundary = lastBoundary(window, maxLength);
    pieces.push(rest.slice(0, boundary).trimEnd());
    rest = rest.slice(boundary).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

function lastBoundary(window: string, maxLength: number): number {
  const minimum = Math.floor(maxLength / 2);
  for (const pattern of [/\n\n/g, /\n/g, /[.!?]\s/g, /\s/g]) {
    let found = -1;
    for (const match of window.matchAll(pattern)) found = match.index + match[0].length;
    if (found >= minimum) return found;
  }
  const entity = /&[a-z]*$/.exec(window);
  return entity && entity.index > 0 ? entity.index : window.length;
}
