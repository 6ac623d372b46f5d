/**
 * The golden-set runner end to end on the fixture corpus: reports written, the baseline saved and then compared, and
 * the exit code following the gate. Quality values are not asserted here (the gate test does that on the real
 * corpus); this is about the runner doing its job.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Baseline } from '../../evals/gate/baseline.js';
import type { EvalReport } from '../../evals/report/report-model.js';
import { run } from '../../evals/run.js';
import { testConfig } from '../../src/config.js';
import { startFakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';

const golden = [
  {
    id: 'fx-001',
    question: 'Under what conditions may personal information be sent outside China under PIPL?',
    category: 'answerable',
    expected_status: 'answered',
    expected_passages: ['pipl-2021#art-38'],
    key_facts: ['security assessment', 'standard contract'],
  },
  {
    id: 'fx-002',
    question: 'What is a good recipe for banana bread?',
    category: 'off_topic',
    expected_status: 'out_of_scope',
    expected_passages: [],
    key_facts: [],
  },
];

let directory: string;
let config: ReturnType<typeof testConfig>;
const paths = { golden: '', out: '', baseline: '', strict: '' };

async function latestReport(): Promise<EvalReport> {
  const folders = (await readdir(paths.out)).sort();
  return JSON.parse(await readFile(path.join(paths.out, folders.at(-1)!, 'report.json'), 'utf8')) as EvalReport;
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'eval-runner-'));
  config = testConfig({ DATA_DIR: path.join(directory, 'data'), CORPUS_DIR: fixtureCorpus });
  paths.golden = path.join(directory, 'golden.jsonl');
  paths.out = path.join(directory, 'reports');
  paths.baseline = path.join(directory, 'baseline.json');
  paths.strict = path.join(directory, 'thresholds.json');
  await writeFile(paths.golden, golden.map((item) => JSON.stringify(item)).join('\n'));
  await writeFile(
    paths.strict,
    JSON.stringify({
      appliesTo: { dataset: 'golden', answerModel: 'local' },
      metrics: { 'answers.status_accuracy': { min: 1.01 } },
    }),
  );
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

const common = () => [
  '--golden',
  paths.golden,
  '--out',
  paths.out,
  '--baseline',
  paths.baseline,
  '--consistency-sample',
  '0',
];

describe('npm run eval (golden set)', () => {
  it('writes the reports and saves a baseline', async () => {
    const code = await run(config, [...common(), '--save-baseline', '--skip-gate']);
    expect(code).toBe(0);
    const report = await latestReport();
    expect(report.dataset).toMatchObject({ kind: 'golden', questions: 2 });
    expect(report.setup).toMatchObject({
      answerModel: 'local',
      methods: ['fulltext', 'vector', 'hybrid'],
      judges: ['local'],
    });
    expect(report.metrics).toHaveProperty(['retrieval.hybrid.recall@10']);
    expect(report.metrics).toHaveProperty(['answers.status_accuracy']);
    expect(report.cases.map((reportCase) => reportCase.id)).toEqual(['fx-001', 'fx-002']);
    expect(report.cases[0]!.answer).toBeTypeOf('string');
    const baseline = JSON.parse(await readFile(paths.baseline, 'utf8')) as Baseline;
    expect(baseline.metrics).toEqual(report.metrics);
  });

  it('compares the next run with the saved baseline', async () => {
    expect(await run(config, [...common(), '--methods', 'hybrid', '--skip-gate'])).toBe(0);
    const report = await latestReport();
    expect(report.baseline?.comparable).toBe(true);
    const recall = report.baseline!.deltas.find((delta) => delta.metric === 'retrieval.hybrid.recall@10')!;
    expect(recall.delta).toBe(0);
    // Methods not run this time are shown with no current value.
    expect(report.baseline!.deltas.find((delta) => delta.metric === 'retrieval.vector.recall@10')!.current).toBeNull();
  });

  it('exits 1 when the gate fails, naming the metric, and 0 with --skip-gate', async () => {
    const errors = vi.mocked(console.error);
    errors.mockClear();
    expect(await run(config, [...common(), '--retrieval-only', '--thresholds', paths.strict])).toBe(0);
    expect(await run(config, [...common(), '--methods', 'hybrid', '--thresholds', paths.strict])).toBe(1);
    expect(errors.mock.calls.flat().join('\n')).toMatch(
      /Gate FAILED: answers\.status_accuracy is [\d.]+, below the minimum 1\.010/,
    );
    expect(await run(config, [...common(), '--methods', 'hybrid', '--thresholds', paths.strict, '--skip-gate'])).toBe(
      0,
    );
  });

  it('with EVAL_JUDGE_MODEL, judges citations by the LLM too, caches verdicts and reports the agreement', async () => {
    // A local server speaking the OpenAI chat-completions protocol that finds every claim supported.
    const server = await startFakeOpenAIServer();
    server.reply = () => JSON.stringify({ supported: true, reason: 'stated' });
    const calls = () => server.requests.length;
    try {
      const judged = testConfig({
        DATA_DIR: path.join(directory, 'data'),
        CORPUS_DIR: fixtureCorpus,
        EVAL_JUDGE_MODEL: 'openai:judge',
        OPENAI_BASE_URL: server.baseUrl,
      });
      expect(await run(judged, [...common(), '--methods', 'hybrid', '--skip-gate'])).toBe(0);
      const report = await latestReport();
      expect(report.setup.judges).toEqual(['local', 'openai:judge']);
      expect(calls()).toBeGreaterThan(0);
      // Agreement covers the judgements both made (each judge's verdicts decide which follow-up checks it runs).
      expect(report.judgeAgreement!.count).toBeGreaterThan(0);
      expect(report.judgeAgreement!.count).toBeLessThanOrEqual(calls());
      expect(report.metrics['answers.citation_recall_llm']).toBe(1);
      expect(report.metrics['judge.agreement']).toBeTypeOf('number');

      // The second run reads every verdict from the cache.
      const callsBefore = calls();
      expect(await run(judged, [...common(), '--methods', 'hybrid', '--skip-gate'])).toBe(0);
      expect(calls()).toBe(callsBefore);
      expect((await latestReport()).judgeAgreement).toEqual(report.judgeAgreement);
    } finally {
      await server.close();
    }
  });

  it('reports a broken thresholds file before evaluating anything', async () => {
    const broken = path.join(directory, 'broken-thresholds.json');
    await writeFile(broken, JSON.stringify({ appliesTo: { dataset: 'golden' }, metrics: { 'answers.x': {} } }));
    const errors = vi.mocked(console.error);
    errors.mockClear();
    const reportsBefore = (await readdir(paths.out)).length;
    expect(await run(config, [...common(), '--thresholds', broken])).toBe(1);
    expect(errors.mock.calls.flat().join('\n')).toMatch(
      /not a valid thresholds file: metrics\.answers\.x a threshold needs min or max/,
    );
    expect((await readdir(paths.out)).length).toBe(reportsBefore);
  });

  it('rejects unknown options with usage', async () => {
    expect(await run(config, ['--nonsense'])).toBe(2);
    expect(await run(config, ['--methods', 'bm25'])).toBe(2);
  });
});
