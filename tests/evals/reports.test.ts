import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, formatJson, readBaseline, saveBaseline, toBaseline } from '../../evals/gate/baseline.js';
import { checkGate, loadThresholds, type Thresholds } from '../../evals/gate/thresholds.js';
import { renderHtml } from '../../evals/report/html.js';
import { renderMarkdown } from '../../evals/report/markdown.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { writeReport } from '../../evals/report/write-report.js';

function sampleReport(metrics: Record<string, number | null> = {}): EvalReport {
  return {
    format: 1,
    createdAt: '2026-11-26T04:00:00.000Z',
    dataset: { kind: 'golden', name: 'golden', path: 'evals/golden.jsonl', questions: 2, sampled: false },
    setup: {
      answerModel: 'local',
      embeddingModel: 'local:glove',
      judges: ['local'],
      methods: ['fulltext', 'hybrid'],
      durationMs: 1234,
    },
    metrics: {
      'retrieval.fulltext.recall@10': 0.8,
      'retrieval.hybrid.recall@10': 0.95,
      'retrieval.hybrid.ndcg@10': 0.7,
      'answers.status_accuracy': 0.5,
      'answers.false_refusal': 0,
      'answers.citation_validity': 1,
      ...metrics,
    },
    byCategory: {
      answerable: { 'retrieval.hybrid.recall@10': 1, 'answers.status_accuracy': 1 },
      off_topic: { 'retrieval.hybrid.recall@10': null, 'answers.status_accuracy': 0 },
    },
    descriptions: { 'recall@10': 'Share of gold passages in the top 10.' },
    failedCases: 0,
    cases: [
      {
        id: 'prc-001',
        question: 'Can <Beijing> compel data?',
        category: 'answerable',
        expectedStatus: 'answered',
        status: 'answered',
        answer: 'Organisations must support, assist and cooperate [1].',
        citations: [
          { n: 1, passageId: 'nil-2017#art-7', heading: 'NIL › Article 7', quote: 'support, assist and cooperate' },
        ],
        expectedPassages: ['nil-2017#art-7'],
        keyFacts: ['support, assist and cooperate'],
        retrieval: { hybrid: ['nil-2017#art-7', 'x#y'] },
        scores: { 'answers.status_accuracy': { score: 1 } },
        failures: [],
      },
      {
        id: 'off-001',
        question: 'Best pizza in Naples?',
        category: 'off_topic',
        expectedStatus: 'out_of_scope',
        status: 'answered',
        answer: 'Try [2].',
        citations: [],
        expectedPassages: [],
        retrieval: {},
        scores: { 'answers.status_accuracy': { score: 0, details: 'expected out_of_scope, got answered' } },
        failures: ['answers.status_accuracy = 0.00 (expected out_of_scope, got answered)'],
      },
    ],
  };
}

const thresholds: Thresholds = {
  appliesTo: { dataset: 'golden', answerModel: 'local' },
  metrics: {
    'retrieval.hybrid.recall@10': { min: 0.9 },
    'answers.false_refusal': { max: 0.1 },
    'answers.citation_validity': { min: 1 },
  },
};

describe('gate', () => {
  it('passes when every metric is within its bound', () => {
    const gate = checkGate(sampleReport().metrics, thresholds, { dataset: 'golden', answerModel: 'local' });
    expect(gate).toMatchObject({ applicable: true, passed: true, failures: [] });
    expect(gate.checks.map((check) => check.message)).toContain('retrieval.hybrid.recall@10 is 0.950 (>= 0.900)');
  });

  it('fails naming the metric that dropped, in either direction, and a metric never measured', () => {
    const metrics = sampleReport({ 'retrieval.hybrid.recall@10': 0.85, 'answers.false_refusal': 0.2 }).metrics;
    delete metrics['answers.citation_validity'];
    const gate = checkGate(metrics, thresholds, { dataset: 'golden', answerModel: 'local' });
    expect(gate.passed).toBe(false);
    expect(gate.failures.map((failure) => failure.message)).toEqual([
      'retrieval.hybrid.recall@10 is 0.850, below the minimum 0.900',
      'answers.false_refusal is 0.200, above the maximum 0.100',
      'answers.citation_validity was not measured',
    ]);
  });

  it('does not apply to another dataset or answer model', () => {
    expect(checkGate({}, thresholds, { dataset: 'scifact' })).toMatchObject({ applicable: false, passed: true });
    expect(checkGate({}, thresholds, { dataset: 'golden', answerModel: 'openai:gpt-4.1' }).reason).toMatch(
      /answer model local/,
    );
  });

  it('the committed thresholds file is valid and holds the starting gate', async () => {
    const committed = await loadThresholds(path.resolve('evals/thresholds.json'));
    expect(committed.appliesTo).toEqual({ dataset: 'golden-untuned', answerModel: 'local' });
    // The bounds set on the untuned half; they may only go up from here.
    expect(committed.metrics['retrieval.hybrid.recall@10']!.min).toBeGreaterThanOrEqual(0.89);
    expect(committed.metrics['answers.citation_validity']!.min).toBe(1);
    expect(committed.metrics['answers.correct_refusal']!.min).toBeGreaterThanOrEqual(0.9);
    expect(committed.metrics['answers.false_refusal']!.max).toBeLessThanOrEqual(0.1);
  });
});

describe('baseline comparison', () => {
  it('gives signed deltas and marks regressions by each metric direction', () => {
    const baseline = toBaseline(sampleReport());
    const current = sampleReport({
      'retrieval.hybrid.recall@10': 0.9,
      'answers.false_refusal': 0.05,
      'answers.status_accuracy': 0.75,
    });
    const comparison = compareWithBaseline(current, baseline, 'evals/baseline.json');
    const byMetric = Object.fromEntries(comparison.deltas.map((delta) => [delta.metric, delta]));
    expect(byMetric['retrieval.hybrid.recall@10']).toMatchObject({ baseline: 0.95, current: 0.9, regressed: true });
    expect(byMetric['retrieval.hybrid.recall@10']!.delta).toBeCloseTo(-0.05, 10);
    expect(byMetric['answers.false_refusal']).toMatchObject({ delta: 0.05, regressed: true });
    expect(byMetric['answers.status_accuracy']).toMatchObject({ delta: 0.25, improved: true, regressed: false });
    expect(comparison.regressions.map((delta) => delta.metric)).toEqual([
      'retrieval.hybrid.recall@10',
      'answers.false_refusal',
    ]);
    expect(comparison.comparable).toBe(true);
  });

  it('says when the baseline was measured on other data, and flags nothing', () => {
    const current = sampleReport({ 'retrieval.hybrid.recall@10': 0.5 });
    current.dataset = { ...current.dataset, questions: 30, sampled: true };
    const comparison = compareWithBaseline(current, toBaseline(sampleReport()), 'b.json');
    expect(comparison.comparable).toBe(false);
    expect(comparison.note).toMatch(/2 questions.*30/);
    // Deltas are shown but, on other data, not flagged as regressions.
    expect(comparison.deltas.find((delta) => delta.metric === 'retrieval.hybrid.recall@10')!.delta).toBeCloseTo(
      -0.45,
      10,
    );
    expect(comparison.regressions).toEqual([]);
  });

  it('lays JSON out as the formatter does: objects expanded, short lists on one line', () => {
    expect(formatJson({ a: 1, list: ['x', 'y'], nested: { b: null }, empty: [], objects: [{ c: 2 }] })).toBe(
      '{\n  "a": 1,\n  "list": ["x", "y"],\n  "nested": {\n    "b": null\n  },\n  "empty": [],\n  "objects": [\n    {\n      "c": 2\n    }\n  ]\n}',
    );
  });

  it('round-trips through the baseline file', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'baseline-'));
    try {
      const file = path.join(directory, 'baseline.json');
      await saveBaseline(file, sampleReport());
      expect((await readBaseline(file))?.metrics).toEqual(sampleReport().metrics);
      expect(await readBaseline(path.join(directory, 'missing.json'))).toBeUndefined();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('reports', () => {
  const report = sampleReport({ 'retrieval.hybrid.recall@10': 0.85 });
  report.gate = checkGate(report.metrics, thresholds, { dataset: 'golden', answerModel: 'local' });
  report.baseline = compareWithBaseline(report, toBaseline(sampleReport()), 'evals/baseline.json');

  it('the Markdown summary shows the gate, the method comparison, deltas and failing questions', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('**FAILED**');
    expect(markdown).toContain('❌ retrieval.hybrid.recall@10 is 0.850, below the minimum 0.900');
    expect(markdown).toContain('| metric | fulltext | hybrid |');
    expect(markdown).toContain('| recall@10 | 0.800 (±0) | 0.850 (−0.100 ⚠) |');
    expect(markdown).toContain('| off-001 | off_topic | answered (expected out_of_scope) |');
    expect(markdown).toContain('- retrieval.hybrid.recall@10: 0.950 → 0.850 (−0.100)');
  });

  it('the HTML report is self-contained, escapes content, and has charts and a drill-down', () => {
    const html = renderHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('Retrieval: method comparison');
    expect(html).toContain('Can &#60;Beijing&#62; compel data?');
    expect(html).not.toContain('<Beijing>');
    expect(html).toContain('id="case-off-001"');
    expect(html).toContain('data-failed="true"');
    expect(html).toContain('<sup class="marker">[1]</sup>');
    expect(html).toContain('Gate: FAILED');
  });

  it('shows judge agreement and cross-surface consistency when they were measured', () => {
    const measured = sampleReport();
    measured.judgeAgreement = {
      judges: ['local', 'openai:judge'],
      count: 20,
      agreement: 0.75,
      kappa: 0.468,
      confusion: { both: 10, firstOnly: 2, secondOnly: 3, neither: 5 },
    };
    measured.consistency = {
      questions: 2,
      overall: 0.75,
      bySurface: { api: { rate: 1, compared: 2 }, slack: { rate: 0.5, compared: 2 } },
      mismatches: [
        { questionId: 'prc-001', surface: 'slack', differences: ['status answered ≠ insufficient_evidence'] },
      ],
      unavailable: [{ name: 'batch', reason: 'POST /api/batch is not served' }],
    };
    const html = renderHtml(measured);
    expect(html).toContain("on 20 judgements made by both: agreement 0.750, Cohen's κ 0.468");
    expect(html).toContain('<a href="#case-prc-001">prc-001</a> (slack): status answered ≠ insufficient_evidence');
    expect(html).toContain('not run: POST /api/batch is not served');
    const markdown = renderMarkdown(measured);
    expect(markdown).toContain('| slack | 0.500 | 2 |');
    expect(markdown).toContain("agreement 0.750, Cohen's κ 0.468");
  });

  it('writes JSON, Markdown and HTML into a timestamped folder', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'reports-'));
    try {
      const first = await writeReport(report, root);
      const second = await writeReport(report, root);
      expect(path.basename(first.directory)).toBe('2026-11-26T04-00-00Z');
      expect(second.directory).not.toBe(first.directory);
      expect(JSON.parse(await readFile(first.json, 'utf8')).metrics['retrieval.hybrid.recall@10']).toBe(0.85);
      expect(await readFile(first.markdown, 'utf8')).toContain('# Evaluation report: golden');
      expect(await readFile(first.html, 'utf8')).toContain('</html>');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
