/**
 * Compares two evaluation runs over the same questions (an ablation: a setting changed between them), question by
 * question: `npx tsx evals/compare-reports.ts <treatment/report.json> <control/report.json> [method]`. Prints, for
 * each retrieval metric, the paired mean difference with its bootstrap 95% interval.
 */
import { readFile } from 'node:fs/promises';
import type { EvalReport } from './report/report-model.js';
import { compareScores, formatComparison } from './suites/method-comparison.js';

async function main(argv: string[]): Promise<number> {
  const [treatmentPath, controlPath, method = 'hybrid'] = argv;
  if (!treatmentPath || !controlPath) {
    console.error('Usage: npx tsx evals/compare-reports.ts <treatment report.json> <control report.json> [method]');
    return 2;
  }
  const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as EvalReport;
  const [treatment, control] = await Promise.all([read(treatmentPath), read(controlPath)]);
  const prefix = `retrieval.${method}`;
  for (const comparison of compareScores(treatment.cases, control.cases, prefix, prefix)) {
    const mean = (report: EvalReport) => report.metrics[`${prefix}.${comparison.metric}`];
    console.log(
      `${comparison.metric.padEnd(11)} ${String(mean(treatment)?.toFixed(3)).padStart(5)} vs ${String(mean(control)?.toFixed(3)).padStart(5)}  ${formatComparison(comparison)}  n=${comparison.questions}`,
    );
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
