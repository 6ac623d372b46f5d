/**
 * Markdown images in corpus or model text are shown as their description, never fetched or linked: an image URL in
 * a document is an address the document's author chose, and rendering it would make every reader's client call that
 * host (a tracking pixel) or link to it under a label the author wrote. Pure string code, shared by every surface.
 */

/** `![alt](url "title")`: the alt text may be empty; the address runs to the closing parenthesis. */
export const markdownImagePattern = /!\[([^\]\n]*)\]\([^)\n]*\)/g;

/** What a reader sees in place of an image. */
export function imageDescription(alt: string): string {
  const text = alt.trim();
  return text === '' ? '[image]' : `[image: ${text}]`;
}

/** The text with every Markdown image replaced by its description. */
export function describeMarkdownImages(text: string): string {
  return text.replace(markdownImagePattern, (_image, alt: string) => imageDescription(alt));
}
