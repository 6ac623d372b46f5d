/** Small formatting helpers shared by the Markdown and HTML reports. */

export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Math.abs(value) < 0.0005) return '±0';
  return `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Pipes and line breaks would break a Markdown table cell. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Metric names without their group prefix: `retrieval.hybrid.recall@10` → `recall@10`. */
export function shortMetric(metric: string): string {
  return metric.split('.').pop()!;
}

/** A folder-safe timestamp: 2026-11-26T04-12-09Z. */
export function timestampFolderName(date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

export function formatDuration(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
