/** Writes a report as report.json, summary.md and report.html into a new timestamped folder. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { timestampFolderName } from './format.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { EvalReport } from './report-model.js';

export interface WrittenReport {
  directory: string;
  json: string;
  markdown: string;
  html: string;
}

export async function writeReport(report: EvalReport, root: string): Promise<WrittenReport> {
  let directory = path.join(root, timestampFolderName(new Date(report.createdAt)));
  // Two runs in the same second get separate folders.
  for (let attempt = 2; await exists(directory); attempt++) {
    directory = path.join(root, `${timestampFolderName(new Date(report.createdAt))}-${attempt}`);
  }
  await mkdir(directory, { recursive: true });
  const written = {
    directory,
    json: path.join(directory, 'report.json'),
    markdown: path.join(directory, 'summary.md'),
    html: path.join(directory, 'report.html'),
  };
  await writeFile(written.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(written.markdown, renderMarkdown(report));
  await writeFile(written.html, renderHtml(report));
  return written;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
