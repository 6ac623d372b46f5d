/** The `[n]` citation markers answers carry. */

/** Removes `[n]` citation markers and tidies the spaces they leave. */
export function stripMarkers(text: string): string {
  return text
    .replace(/\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}
