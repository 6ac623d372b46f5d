/**
 * Inline SVG charts for the HTML report: grouped bars on a 0–1 scale with gridlines, value labels and a legend.
 * Self-contained markup, no script or external assets, so the report opens anywhere (and prints).
 */
import { escapeHtml } from './format.js';

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

export const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

export function groupedBarChart(options: {
  title: string;
  groups: string[];
  series: ChartSeries[];
  height?: number;
}): string {
  const { groups, series } = options;
  const barWidth = series.length > 4 ? 14 : 20;
  const groupGap = 28;
  const groupWidth = series.length * barWidth + groupGap;
  const left = 44;
  const top = 34;
  const plotHeight = options.height ?? 200;
  const bottom = 64;
  const width = Math.max(360, left + groups.length * groupWidth + 16, left + Math.min(series.length, 4) * 150 + 8);
  const legendRows = Math.ceil(series.length / 4);
  const height = top + plotHeight + bottom + legendRows * 18;
  const y = (value: number) => top + plotHeight - value * plotHeight;
  // Narrow bars leave no room for labels; their values stay in the tooltip.
  const labelled = barWidth >= 18;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="chart">`,
    `<text x="${left}" y="18" class="chart-title">${escapeHtml(options.title)}</text>`,
  );
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${left}" x2="${width - 8}" y1="${y(tick)}" y2="${y(tick)}" class="grid"/>`,
      `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" class="tick">${tick.toFixed(2)}</text>`,
    );
  }
  groups.forEach((group, groupIndex) => {
    const groupX = left + 12 + groupIndex * groupWidth;
    series.forEach((item, seriesIndex) => {
      const value = item.values[groupIndex];
      const x = groupX + seriesIndex * barWidth;
      if (value === null || value === undefined) {
        parts.push(`<text x="${x + barWidth / 2}" y="${y(0) - 4}" text-anchor="middle" class="na">–</text>`);
        return;
      }
      const clamped = Math.max(0, Math.min(1, value));
      parts.push(
        `<rect x="${x}" y="${y(clamped)}" width="${barWidth - 3}" height="${Math.max(0.5, clamped * plotHeight)}" fill="${palette[seriesIndex % palette.length]}"><title>${escapeHtml(`${item.name} · ${group}: ${value.toFixed(3)}`)}</title></rect>`,
      );
      if (labelled) {
        parts.push(
          `<text x="${x + (barWidth - 3) / 2}" y="${y(clamped) - 3}" text-anchor="middle" class="value">${value.toFixed(2).replace(/^0/, '')}</text>`,
        );
      }
    });
    parts.push(
      `<text x="${groupX + (series.length * barWidth) / 2}" y="${top + plotHeight + 16}" text-anchor="middle" class="label">${escapeHtml(group)}</text>`,
    );
  });
  series.forEach((item, index) => {
    const x = left + (index % 4) * 150;
    const legendY = top + plotHeight + 40 + Math.floor(index / 4) * 18;
    parts.push(
      `<rect x="${x}" y="${legendY - 9}" width="10" height="10" fill="${palette[index % palette.length]}"/>`,
      `<text x="${x + 14}" y="${legendY}" class="legend">${escapeHtml(item.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
