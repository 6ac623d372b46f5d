/** The Markdown summary: gate, method comparison, answer metrics with baseline deltas, per-category tables, failures. */
import { formatDelta, formatDuration, formatMetric, tableCell } from './format.js';
import { formatComparison } from '../suites/method-comparison.js';
import type { EvalReport } from './report-model.js';
import { categoriesOf, mainRetrievalMethod, measuredAnswerMetrics, retrievalMetricNames } from './sections.js';

export function renderMarkdown(report: EvalReport, options: { maxFailures?: number } = {}): string {
  const lines: string[] = [];
  const deltas = new Map(report.baseline?.deltas.map((delta) => [delta.metric, delta]) ?? []);
  const withDelta = (metric: string) => {
    const value = formatMetric(report.metrics[metric]);
    const delta = deltas.get(metric);
    if (!delta || delta.delta === null) return value;
    return `${value} (${formatDelta(delta.delta)}${delta.regressed ? ' ⚠' : ''})`;
  };

  lines.push(`# Evaluation report: ${report.dataset.name}`, '');
  lines.push(
    `- Run: ${report.createdAt} · ${report.dataset.questions} ${report.dataset.kind === 'beir' ? 'queries' : 'questions'}${report.dataset.sampled ? ' (sample)' : ''} · ${formatDuration(report.setup.durationMs)}`,
  );
  if (report.setup.answerModel) lines.push(`- Answer model: \`${report.setup.answerModel}\``);
  lines.push(`- Embedding model: \`${report.setup.embeddingModel}\``);
  if (report.setup.corpusVersion) lines.push(`- Corpus version: \`${report.setup.corpusVersion}\``);
  if (report.setup.judges.length)
    lines.push(`- Support judges: ${report.setup.judges.map((judge) => `\`${judge}\``).join(', ')}`);
  if (report.failedCases) lines.push(`- Tasks that failed: ${report.failedCases}`);
  lines.push('');

  if (report.gate) {
    lines.push('## Gate', '');
    if (!report.gate.applicable) lines.push(`Not applicable: ${report.gate.reason}.`);
    else {
      lines.push(report.gate.passed ? '**PASSED**' : '**FAILED**', '');
      for (const check of report.gate.checks) lines.push(`- ${check.passed ? '✅' : '❌'} ${check.message}`);
    }
    lines.push('');
  }

  if (report.baseline) {
    lines.push(
      `Deltas are against the baseline of ${report.baseline.createdAt} (${report.baseline.path})${report.baseline.comparable ? '' : `; ${report.baseline.note}`}. ⚠ marks a regression.`,
      '',
    );
  }

  lines.push('## Retrieval: method comparison', '');
  lines.push(
    `| metric | ${report.setup.methods.join(' | ')} |`,
    `|---|${report.setup.methods.map(() => '---:').join('|')}|`,
  );
  for (const metric of retrievalMetricNames) {
    lines.push(
      `| ${metric} | ${report.setup.methods.map((method) => withDelta(`retrieval.${method}.${metric}`)).join(' | ')} |`,
    );
  }
  lines.push('');
  if (report.comparisons?.length) {
    lines.push(
      'Paired differences against full text over the same questions, with paired-bootstrap 95% intervals (an interval excluding 0 is significant):',
      '',
      '| method | metric | difference (95% CI) |',
      '|---|---|---:|',
    );
    for (const comparison of report.comparisons) {
      lines.push(
        `| ${comparison.treatment.replace(/^retrieval\./, '')} | ${comparison.metric} | ${formatComparison(comparison)} |`,
      );
    }
    lines.push('');
  }

  const answerMetrics = measuredAnswerMetrics(report.metrics);
  if (answerMetrics.length > 0) {
    lines.push('## Answers', '', '| metric | value | baseline |', '|---|---:|---:|');
    for (const metric of answerMetrics) {
      const key = `answers.${metric}`;
      lines.push(`| ${metric} | ${withDelta(key)} | ${formatMetric(deltas.get(key)?.baseline)} |`);
    }
    lines.push('');
  }

  const categories = categoriesOf(report);
  if (report.dataset.kind === 'golden' && categories.length > 0) {
    const method = mainRetrievalMethod(report.setup.methods);
    const columns = [
      ...retrievalMetricNames.map((metric) => `retrieval.${method}.${metric}`),
      ...answerMetrics.map((metric) => `answers.${metric}`),
    ].filter((metric) => categories.some((category) => report.byCategory[category]![metric] !== null));
    lines.push(`## By category (retrieval: ${method})`, '');
    lines.push(
      `| category | ${columns.map((column) => column.replace(/^(retrieval\.[a-z]+|answers)\./, '')).join(' | ')} |`,
    );
    lines.push(`|---|${columns.map(() => '---:').join('|')}|`);
    for (const category of categories) {
      lines.push(
        `| ${category} | ${columns.map((column) => formatMetric(report.byCategory[category]![column])).join(' | ')} |`,
      );
    }
    lines.push('');
  }

  if (report.judgeAgreement) {
    const agreement = report.judgeAgreement;
    lines.push('## Judge agreement', '');
    lines.push(
      `${agreement.judges[0]} vs ${agreement.judges[1]} on ${agreement.count} shared judgements: agreement ${formatMetric(agreement.agreement)}, Cohen's κ ${formatMetric(agreement.kappa)} (both supported ${agreement.confusion.both}, only ${agreement.judges[0]} ${agreement.confusion.firstOnly}, only ${agreement.judges[1]} ${agreement.confusion.secondOnly}, neither ${agreement.confusion.neither}).`,
      '',
    );
  }

  if (report.consistency) {
    const consistency = report.consistency;
    lines.push('## Cross-surface consistency', '');
    lines.push(
      `${consistency.questions} questions, compared with the in-process assistant (same status and cited passages).`,
      '',
    );
    lines.push('| surface | agreement | questions compared |', '|---|---:|---:|');
    for (const [surface, value] of Object.entries(consistency.bySurface)) {
      lines.push(`| ${surface} | ${formatMetric(value.rate)} | ${value.compared} |`);
    }
    for (const missing of consistency.unavailable) lines.push(`| ${missing.name} | not run: ${missing.reason} | 0 |`);
    lines.push('');
  }

  if (report.baseline && report.baseline.regressions.length > 0) {
    lines.push('## Regressions against the baseline', '');
    for (const delta of report.baseline.regressions) {
      lines.push(
        `- ${delta.metric}: ${formatMetric(delta.baseline)} → ${formatMetric(delta.current)} (${formatDelta(delta.delta)})`,
      );
    }
    lines.push('');
  }

  const failing = report.cases.filter((reportCase) => reportCase.failures.length > 0);
  const maxFailures = options.maxFailures ?? 40;
  lines.push(`## Questions with failures (${failing.length} of ${report.cases.length})`, '');
  if (failing.length > 0) {
    lines.push('| id | category | status | what failed |', '|---|---|---|---|');
    for (const reportCase of failing.slice(0, maxFailures)) {
      const status = reportCase.status
        ? `${reportCase.status}${reportCase.expectedStatus && reportCase.expectedStatus !== reportCase.status ? ` (expected ${reportCase.expectedStatus})` : ''}`
        : '';
      lines.push(
        `| ${reportCase.id} | ${reportCase.category} | ${status} | ${tableCell(reportCase.failures.join('; ')).slice(0, 400)} |`,
      );
    }
    if (failing.length > maxFailures) lines.push('', `… and ${failing.length - maxFailures} more in report.html.`);
  }
  lines.push('');
  return lines.join('\n');
}
