/**
 * The HTML report: one self-contained file (inline CSS, SVG charts and a few lines of script for filtering) with the
 * gate, headline metrics and baseline deltas, the method comparison, metrics per category, judge agreement,
 * cross-surface consistency and a per-question drill-down showing the answer, its citations and what failed.
 */
import { escapeHtml, formatDelta, formatDuration, formatMetric, shortMetric } from './format.js';
import { isFailingScore, lowerIsBetter, type EvalReport, type ReportCase } from './report-model.js';
import {
  categoriesOf,
  headlineMetrics,
  mainRetrievalMethod,
  measuredAnswerMetrics,
  retrievalMetricNames,
} from './sections.js';
import { groupedBarChart } from './svg-charts.js';

export function renderHtml(report: EvalReport): string {
  const deltas = new Map(report.baseline?.deltas.map((delta) => [delta.metric, delta]) ?? []);
  const categories = categoriesOf(report);
  const methods = report.setup.methods;
  const mainMethod = mainRetrievalMethod(methods);
  const answerMetrics = measuredAnswerMetrics(report.metrics);

  const cards = headlineMetrics(report)
    .map((metric) => {
      const delta = deltas.get(metric);
      const gateCheck = report.gate?.checks.find((check) => check.metric === metric);
      const state = gateCheck ? (gateCheck.passed ? 'pass' : 'fail') : '';
      return `<div class="card ${state}"><div class="card-label">${escapeHtml(metric.replace(/^answers\./, ''))}</div><div class="card-value">${formatMetric(report.metrics[metric])}</div>${
        delta && delta.delta !== null
          ? `<div class="delta ${delta.regressed ? 'worse' : delta.improved ? 'better' : ''}">${formatDelta(delta.delta)} vs baseline</div>`
          : ''
      }${gateCheck ? `<div class="limit">gate ${gateCheck.min !== undefined ? `≥ ${gateCheck.min}` : `≤ ${gateCheck.max}`}</div>` : ''}${lowerIsBetter(metric) ? '<div class="limit">lower is better</div>' : ''}</div>`;
    })
    .join('');

  const methodChart = groupedBarChart({
    title: 'Retrieval: method comparison',
    groups: retrievalMetricNames,
    series: methods.map((method) => ({
      name: method,
      values: retrievalMetricNames.map((metric) => report.metrics[`retrieval.${method}.${metric}`] ?? null),
    })),
  });
  const retrievalCategories = categories.filter((category) =>
    methods.some((method) => report.byCategory[category]?.[`retrieval.${method}.recall@10`] != null),
  );
  const recallByCategory =
    report.dataset.kind === 'golden' && retrievalCategories.length > 0
      ? groupedBarChart({
          title: 'Retrieval recall@10 per category',
          groups: retrievalCategories,
          series: methods.map((method) => ({
            name: method,
            values: retrievalCategories.map(
              (category) => report.byCategory[category]![`retrieval.${method}.recall@10`] ?? null,
            ),
          })),
        })
      : '';
  const chartedAnswerMetrics = answerMetrics.filter((metric) => !['error_rate', 'evidence_recall'].includes(metric));
  const answersByCategory =
    chartedAnswerMetrics.length > 0
      ? groupedBarChart({
          title: 'Answer metrics per category',
          groups: categories,
          series: chartedAnswerMetrics.map((metric) => ({
            name: metric,
            values: categories.map((category) => report.byCategory[category]![`answers.${metric}`] ?? null),
          })),
        })
      : '';

  const allMetrics = Object.keys(report.metrics);
  const metricRows = allMetrics
    .map((metric) => {
      const delta = deltas.get(metric);
      return `<tr><td><code>${escapeHtml(metric)}</code></td><td class="num">${formatMetric(report.metrics[metric])}</td><td class="num">${formatMetric(delta?.baseline)}</td><td class="num ${delta?.regressed ? 'worse' : delta?.improved ? 'better' : ''}">${formatDelta(delta?.delta)}</td><td class="muted">${escapeHtml(report.descriptions[shortMetric(metric)] ?? '')}</td></tr>`;
    })
    .join('');

  const categoryColumns = [
    ...retrievalMetricNames.map((metric) => `retrieval.${mainMethod}.${metric}`),
    ...answerMetrics.map((metric) => `answers.${metric}`),
  ].filter((metric) => categories.some((category) => report.byCategory[category]?.[metric] != null));
  const categoryTable = `<table><thead><tr><th>category</th>${categoryColumns.map((column) => `<th>${escapeHtml(shortMetric(column))}</th>`).join('')}</tr></thead><tbody>${categories
    .map(
      (category) =>
        `<tr><td>${escapeHtml(category)}</td>${categoryColumns.map((column) => `<td class="num">${formatMetric(report.byCategory[category]![column])}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;

  const gate = report.gate
    ? report.gate.applicable
      ? `<section class="gate ${report.gate.passed ? 'pass' : 'fail'}"><h2>Gate: ${report.gate.passed ? 'passed' : 'FAILED'}</h2><ul>${report.gate.checks
          .map(
            (check) =>
              `<li class="${check.passed ? 'ok' : 'bad'}">${check.passed ? '✔' : '✘'} ${escapeHtml(check.message)}</li>`,
          )
          .join('')}</ul></section>`
      : `<section class="gate na"><h2>Gate: not applicable</h2><p>${escapeHtml(report.gate.reason ?? '')}</p></section>`
    : '';

  const agreement = report.judgeAgreement
    ? `<section><h2>Judge agreement</h2><p><b>${escapeHtml(report.judgeAgreement.judges[0])}</b> vs <b>${escapeHtml(report.judgeAgreement.judges[1])}</b> on ${report.judgeAgreement.count} judgements made by both: agreement ${formatMetric(report.judgeAgreement.agreement)}, Cohen's κ ${formatMetric(report.judgeAgreement.kappa)}.</p>
      <table class="confusion"><tr><th></th><th>${escapeHtml(report.judgeAgreement.judges[1])}: supported</th><th>not supported</th></tr>
      <tr><th>${escapeHtml(report.judgeAgreement.judges[0])}: supported</th><td class="num">${report.judgeAgreement.confusion.both}</td><td class="num">${report.judgeAgreement.confusion.firstOnly}</td></tr>
      <tr><th>not supported</th><td class="num">${report.judgeAgreement.confusion.secondOnly}</td><td class="num">${report.judgeAgreement.confusion.neither}</td></tr></table></section>`
    : '';

  const consistency = report.consistency
    ? `<section><h2>Cross-surface consistency</h2><p>${report.consistency.questions} questions through each surface, compared with the in-process assistant: same status and the same cited passages.</p><table><thead><tr><th>surface</th><th>agreement</th><th>questions compared</th></tr></thead><tbody>${Object.entries(
        report.consistency.bySurface,
      )
        .map(
          ([surface, value]) =>
            `<tr><td>${escapeHtml(surface)}</td><td class="num">${formatMetric(value.rate)}</td><td class="num">${value.compared}</td></tr>`,
        )
        .join('')}${report.consistency.unavailable
        .map(
          (item) =>
            `<tr><td>${escapeHtml(item.name)}</td><td colspan="2" class="muted">not run: ${escapeHtml(item.reason)}</td></tr>`,
        )
        .join('')}</tbody></table>${
        report.consistency.mismatches.length
          ? `<ul>${report.consistency.mismatches.map((mismatch) => `<li><a href="#case-${escapeHtml(mismatch.questionId)}">${escapeHtml(mismatch.questionId)}</a> (${escapeHtml(mismatch.surface)}): ${escapeHtml(mismatch.differences.join('; '))}</li>`).join('')}</ul>`
          : ''
      }</section>`
    : '';

  const baselineNote = report.baseline
    ? `<p class="muted">Deltas against the baseline of ${escapeHtml(report.baseline.createdAt)} (<code>${escapeHtml(report.baseline.path)}</code>)${report.baseline.comparable ? '' : `: ${escapeHtml(report.baseline.note ?? '')}`}. ${report.baseline.regressions.length} regression(s).</p>`
    : '<p class="muted">No baseline to compare with (save one with <code>npm run eval -- --save-baseline</code>).</p>';

  const failing = report.cases.filter((reportCase) => reportCase.failures.length > 0).length;
  const body = `
<header><h1>Evaluation report: ${escapeHtml(report.dataset.name)}</h1>
<p class="meta">${escapeHtml(report.createdAt)} · ${report.dataset.questions} ${report.dataset.kind === 'beir' ? 'queries' : 'questions'}${report.dataset.sampled ? ' (sample)' : ''} · ${formatDuration(report.setup.durationMs)}${report.setup.answerModel ? ` · answer model <code>${escapeHtml(report.setup.answerModel)}</code>` : ''} · embeddings <code>${escapeHtml(report.setup.embeddingModel)}</code>${report.setup.corpusVersion ? ` · corpus <code>${escapeHtml(report.setup.corpusVersion)}</code>` : ''}${report.setup.judges.length ? ` · judges ${report.setup.judges.map((judge) => `<code>${escapeHtml(judge)}</code>`).join(', ')}` : ''}${report.failedCases ? ` · <b>${report.failedCases} task(s) failed</b>` : ''}</p></header>
${gate}
<section><div class="cards">${cards}</div>${baselineNote}</section>
<section class="charts">${methodChart}${recallByCategory}${answersByCategory}</section>
<section><h2>Per category (retrieval: ${escapeHtml(mainMethod)})</h2><div class="scroll">${categoryTable}</div></section>
${agreement}
${consistency}
<section><h2>All metrics</h2><table><thead><tr><th>metric</th><th>value</th><th>baseline</th><th>Δ</th><th>what it measures</th></tr></thead><tbody>${metricRows}</tbody></table></section>
<section><h2>Questions</h2>
<div class="filters"><label>Category <select id="category"><option value="">all</option>${categories.map((category) => `<option>${escapeHtml(category)}</option>`).join('')}</select></label>
<label><input type="checkbox" id="failing"> only with failures (${failing})</label>
<label>Find <input type="search" id="find" placeholder="id or words"></label></div>
${report.cases.map((reportCase) => renderCase(reportCase, methods)).join('\n')}
</section>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evaluation report: ${escapeHtml(report.dataset.name)} ${escapeHtml(report.createdAt)}</title>
<style>${styles}</style></head>
<body>${body}
<script>${filterScript}</script>
</body></html>
`;
}

function renderCase(reportCase: ReportCase, methods: string[]): string {
  const failed = reportCase.failures.length > 0;
  const statusMismatch =
    reportCase.status && reportCase.expectedStatus && reportCase.status !== reportCase.expectedStatus;
  const expected = new Set(reportCase.expectedPassages);
  const cited = new Set(reportCase.citations?.map((citation) => citation.passageId) ?? []);
  const retrievalRows = methods
    .filter((method) => reportCase.retrieval[method])
    .map((method) => {
      const ranked = reportCase.retrieval[method]!;
      return `<tr><th>${escapeHtml(method)}</th><td>${ranked
        .slice(0, 10)
        .map((id, index) => {
          const unit = id.replace(/-p\d+$/, '');
          const gold = expected.has(id) || expected.has(unit);
          return `<span class="hit ${gold ? 'gold' : ''}" title="rank ${index + 1}">${index + 1}. ${escapeHtml(id)}</span>`;
        })
        .join(' ')}</td></tr>`;
    })
    .join('');
  const citations = (reportCase.citations ?? [])
    .map(
      (
        citation,
      ) => `<li><b>[${citation.n}]</b> <code>${escapeHtml(citation.passageId)}</code>${expected.has(citation.passageId) ? ' <span class="tag gold">gold</span>' : ''} <span class="muted">${escapeHtml(citation.heading)}</span>
        <blockquote>${escapeHtml(citation.quote)}</blockquote>${citation.passageText ? `<details class="passage"><summary>passage text</summary><p>${escapeHtml(citation.passageText)}</p></details>` : ''}</li>`,
    )
    .join('');
  const scores = Object.entries(reportCase.scores)
    .filter(([, score]) => score.score !== null)
    .map(
      ([metric, score]) =>
        `<tr class="${isFailingScore(metric, score.score) ? 'bad' : ''}"><td><code>${escapeHtml(metric)}</code></td><td class="num">${formatMetric(score.score)}</td><td class="muted">${escapeHtml(score.details ?? '')}</td></tr>`,
    )
    .join('');
  const searchText = `${reportCase.id} ${reportCase.question}`.toLowerCase();
  return `<details class="case ${failed ? 'failed' : 'passed'}" id="case-${escapeHtml(reportCase.id)}" data-category="${escapeHtml(reportCase.category)}" data-failed="${failed}" data-text="${escapeHtml(searchText)}">
<summary><span class="mark">${failed ? '✘' : '✔'}</span> <code>${escapeHtml(reportCase.id)}</code> <span class="tag">${escapeHtml(reportCase.category)}</span> ${escapeHtml(reportCase.question)} ${
    reportCase.status
      ? `<span class="status ${statusMismatch ? 'bad' : ''}">${escapeHtml(reportCase.status)}${statusMismatch ? ` ≠ ${escapeHtml(reportCase.expectedStatus!)}` : ''}</span>`
      : ''
  }${failed ? ` <span class="count">${reportCase.failures.length} failure(s)</span>` : ''}</summary>
<div class="case-body">
${failed ? `<ul class="failures">${reportCase.failures.map((failure) => `<li>${escapeHtml(failure)}</li>`).join('')}</ul>` : ''}
${reportCase.answer !== undefined ? `<h4>Answer</h4><div class="answer">${highlightMarkers(escapeHtml(reportCase.answer || reportCase.reason || '(empty)'))}</div>` : ''}
${reportCase.reason && reportCase.answer ? `<p class="muted">Reason: ${escapeHtml(reportCase.reason)}</p>` : ''}
${citations ? `<h4>Citations</h4><ol class="citations">${citations}</ol>` : ''}
${reportCase.expectedPassages.length ? `<h4>Gold passages</h4><p>${reportCase.expectedPassages.map((id) => `<code class="${cited.has(id) ? 'cited' : ''}">${escapeHtml(id)}</code>`).join(' ')}</p>` : ''}
${reportCase.keyFacts?.length ? `<h4>Key facts</h4><p>${reportCase.keyFacts.map((fact) => `<span class="fact">${escapeHtml(fact)}</span>`).join(' ')}</p>` : ''}
${retrievalRows ? `<h4>Retrieved (top 10; gold highlighted)</h4><table class="ranks">${retrievalRows}</table>` : ''}
<h4>Scores</h4><table class="scores">${scores}</table>
${reportCase.error ? `<p class="bad">Task failed: ${escapeHtml(reportCase.error)}</p>` : ''}
</div></details>`;
}

function highlightMarkers(html: string): string {
  return html.replace(/\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g, '<sup class="marker">[$1]</sup>');
}

const styles = `
:root { --fg:#1d2330; --muted:#667085; --line:#e4e7ec; --bad:#c0392b; --good:#1e8e3e; --bg:#fafbfc; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 24px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; } h4 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.meta, .muted { color: var(--muted); } code { font-size: 12px; background: #eef1f5; padding: 1px 4px; border-radius: 3px; }
.gate { border-radius: 8px; padding: 4px 16px 8px; margin-top: 16px; border: 1px solid var(--line); background: #fff; }
.gate.pass { border-left: 6px solid var(--good); } .gate.fail { border-left: 6px solid var(--bad); } .gate.na { border-left: 6px solid var(--muted); }
.gate ul { margin: 0; padding-left: 18px; } .ok { color: var(--good); } .bad, li.bad { color: var(--bad); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 150px; }
.card.pass { border-top: 4px solid var(--good); } .card.fail { border-top: 4px solid var(--bad); }
.card-label { font-size: 12px; color: var(--muted); } .card-value { font-size: 24px; font-weight: 600; }
.delta, .limit { font-size: 12px; color: var(--muted); } .worse { color: var(--bad); font-weight: 600; } .better { color: var(--good); font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 20px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.chart-title { font-weight: 600; font-size: 13px; } .grid { stroke: #eceef2; } .tick, .value, .na { font-size: 10px; fill: var(--muted); } .label { font-size: 11px; } .legend { font-size: 11px; }
table { border-collapse: collapse; background: #fff; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.confusion { width: auto; } .scroll { overflow-x: auto; }
.filters { display: flex; gap: 18px; align-items: center; margin-bottom: 10px; }
details.case { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.case > summary { cursor: pointer; padding: 8px 12px; list-style: none; } details.case.failed > summary .mark { color: var(--bad); } details.case.passed > summary .mark { color: var(--good); }
.case-body { padding: 0 16px 12px; border-top: 1px solid var(--line); }
.tag { font-size: 11px; background: #eef1f5; border-radius: 10px; padding: 1px 8px; color: var(--muted); } .tag.gold, .hit.gold { background: #fff4cc; color: #7a5b00; }
.status { font-size: 12px; border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; } .status.bad { border-color: var(--bad); }
.count { font-size: 12px; color: var(--bad); }
.failures { color: var(--bad); margin: 10px 0; }
.answer { white-space: pre-wrap; background: #f6f8fa; padding: 10px; border-radius: 6px; } .marker { color: #3867d6; font-weight: 600; }
blockquote { margin: 4px 0 8px; padding: 4px 10px; border-left: 3px solid #c9d2e0; color: #344054; }
.hit { display: inline-block; font-size: 12px; font-family: ui-monospace, monospace; margin: 1px 4px 1px 0; padding: 0 4px; border-radius: 3px; background: #f2f4f7; }
code.cited { background: #d9f2e0; } .fact { display: inline-block; background: #eef1f5; border-radius: 4px; padding: 0 6px; margin: 2px; }
tr.bad td { color: var(--bad); } .scores td:first-child { width: 280px; }
.passage summary { font-size: 12px; color: var(--muted); cursor: pointer; }
`;

const filterScript = `
const category = document.getElementById('category');
const failing = document.getElementById('failing');
const find = document.getElementById('find');
function apply() {
  const words = find.value.trim().toLowerCase();
  for (const element of document.querySelectorAll('details.case')) {
    const show = (!category.value || element.dataset.category === category.value)
      && (!failing.checked || element.dataset.failed === 'true')
      && (!words || element.dataset.text.includes(words));
    element.style.display = show ? '' : 'none';
  }
}
category.addEventListener('change', apply); failing.addEventListener('change', apply); find.addEventListener('input', apply);
`;
