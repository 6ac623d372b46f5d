import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beirDocumentMarkdown, corpusIdFor, loadBeirDataset } from '../../evals/datasets/beir.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { run } from '../../evals/run.js';
import { documentIdPattern } from '../../src/corpus/front-matter.js';
import { readMarkdown } from '../../src/corpus/markdown.js';
import { testConfig } from '../../src/config.js';

const fixture = path.resolve('tests/fixtures/beir');

describe('BEIR dataset loading', () => {
  it('reads judged queries with graded relevance, skipping the header, zero scores and unjudged queries', async () => {
    const dataset = await loadBeirDataset(fixture);
    expect(dataset.name).toBe('beir');
    expect(dataset.queries.map((query) => query.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    const q5 = dataset.queries.find((query) => query.id === 'q5')!;
    expect([...q5.relevant]).toEqual([
      ['d8', 2],
      ['d5', 1],
    ]);
    // d7 is judged 0 for q3: not relevant.
    expect([...dataset.queries.find((query) => query.id === 'q3')!.relevant.keys()]).toEqual(['d4']);
  });

  it('names what is missing from a folder that is not a BEIR dataset', async () => {
    await expect(loadBeirDataset(path.resolve('tests/fixtures/corpus'))).rejects.toThrow(/corpus\.jsonl is missing/);
  });

  it('maps any BEIR id to a unique corpus id', () => {
    expect(corpusIdFor('MED-10')).toMatch(/^beir-med-10-[0-9a-f]{12}$/);
    expect(corpusIdFor('doc/3')).not.toBe(corpusIdFor('doc-3'));
    expect(corpusIdFor('文档')).toMatch(/^beir-[0-9a-f]{12}$/);
  });

  it('gives ObliQA-shaped ids (long, dotted, parenthesised, cut mid-word) valid and distinct corpus ids', () => {
    const obliqaIds = [
      '1:1.',
      '1:1.1.1.(1)',
      '1:7.1.3.Guidance on the customer risk assessment.1.',
      '1:7.1.3.Guidance on the customer risk assessment.2.',
      '1:7.1.3.Guidance on high-risk customers .1.',
      '12:3.2.Guidance – Sanctions - screening.(a)',
      '7:APP4.A4.1.1.(e)',
      '---',
    ];
    const ids = obliqaIds.map(corpusIdFor);
    for (const id of ids) expect(id).toMatch(documentIdPattern);
    expect(new Set(ids).size).toBe(obliqaIds.length);
  });

  it('writes a document that the corpus reader keeps as one unit, even with heading-like lines', async () => {
    const markdown = beirDocumentMarkdown(
      { id: 'd9', title: '# Gut: microbiome', text: 'First line.\n# Not a heading.\n---\nLast line.' },
      'beir',
    );
    const parsed = await readMarkdown({ bytes: new TextEncoder().encode(markdown), fileName: 'd9.md' });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.metadata).toMatchObject({ id: corpusIdFor('d9'), title: '# Gut: microbiome' });
    expect(parsed.value.sections).toHaveLength(1);
    expect(parsed.value.text).toContain('Not a heading.');
    expect(parsed.value.text).toContain('Last line.');
  });
});

describe('npm run eval -- --dataset <dir>', () => {
  let dataDir: string;
  let out: string;
  let report: EvalReport;
  let exitCode: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'beir-data-'));
    out = await mkdtemp(path.join(os.tmpdir(), 'beir-reports-'));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    exitCode = await run(testConfig({ DATA_DIR: dataDir }), ['--dataset', fixture, '--out', out]);
    const [folder] = await readdir(out);
    report = JSON.parse(await readFile(path.join(out, folder!, 'report.json'), 'utf8')) as EvalReport;
  }, 120_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('indexes the corpus in its own folder under the data directory and reports every method', () => {
    expect(exitCode).toBe(0);
    expect(report.dataset).toMatchObject({ kind: 'beir', name: 'beir', questions: 6, sampled: false });
    for (const method of ['fulltext', 'vector', 'hybrid']) {
      for (const metric of ['recall@5', 'recall@10', 'mrr', 'ndcg@10', 'all_evidence@10']) {
        expect(report.metrics[`retrieval.${method}.${metric}`], `${method} ${metric}`).toBeTypeOf('number');
      }
    }
    expect(report.gate).toMatchObject({ applicable: false });
  });

  it('ranks documents by their BEIR ids, so the qrels apply', () => {
    const q1 = report.cases.find((reportCase) => reportCase.id === 'q1')!;
    expect(q1.retrieval.fulltext![0]).toBe('MED-10');
    expect(q1.expectedPassages).toEqual(['MED-10']);
    expect(report.metrics['retrieval.fulltext.recall@10']).toBe(1);
    expect(report.metrics['retrieval.hybrid.mrr']).toBeGreaterThanOrEqual(0.8);
  });

  it('writes the Markdown and HTML reports next to the JSON', async () => {
    const [folder] = await readdir(out);
    const files = await readdir(path.join(out, folder!));
    expect(files.sort()).toEqual(['report.html', 'report.json', 'summary.md']);
    expect(await readFile(path.join(out, folder!, 'summary.md'), 'utf8')).toContain('| recall@10 |');
  });
});
