/**
 * `npm run eval`: the evaluation suite's command line. Runs the golden set (retrieval by every method, answers,
 * judges, cross-surface consistency) or an external BEIR dataset (`--dataset <dir>`, retrieval only), writes JSON,
 * Markdown and HTML reports to evals/reports/<timestamp>/, compares with the saved baseline, checks the thresholds
 * and exits non-zero when the gate fails.
 */
import { readArguments } from '../src/cli/arguments.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from '../src/config.js';
import { createAssistant } from '../src/create-assistant.js';
import { AppError } from '../src/errors.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import { loadGoldenSet, stratifiedSample } from './datasets/golden.js';
import { compareWithBaseline, readBaseline, saveBaseline } from './gate/baseline.js';
import { checkGate, loadThresholds, type Thresholds } from './gate/thresholds.js';
import { createJudgeModel, llmSupportJudge } from './judges/llm-judge.js';
import { openVerdictCache } from './judges/verdict-cache.js';
import { formatDelta, formatMetric } from './report/format.js';
import type { EvalReport } from './report/report-model.js';
import { writeReport } from './report/write-report.js';
import { evaluateBeir } from './suites/beir-run.js';
import { evaluateGolden, searchMethods } from './suites/golden-run.js';
import {
  buildRawCorpus,
  isSuiteName,
  loadSuiteQuestions,
  rawCorpusBuilder,
  suiteDefinition,
  suiteNames,
  type SuiteName,
} from './suites/named-suites.js';

const evalsDirectory = path.dirname(fileURLToPath(import.meta.url));

export const defaultPaths = {
  golden: path.join(evalsDirectory, 'golden.jsonl'),
  thresholds: path.join(evalsDirectory, 'thresholds.json'),
  baseline: path.join(evalsDirectory, 'baseline.json'),
  reports: path.join(evalsDirectory, 'reports'),
};

const usage = `Usage: npm run eval -- [options]

Golden set (default): retrieval (full text, vector, hybrid), answers, citation checks, judges and cross-surface
consistency on evals/golden.jsonl.
  --suite <name>              a named suite: golden, golden-tuning, golden-untuned (the two fixed halves of the
                              golden set), outside-shipped, outside-raw (outside questions; outside-raw builds its
                              corpus from ../shared and is skipped when that is missing)
  --golden <file>             another golden file in the same format
  --sample <n>                a stratified sample of n questions (every category represented)
  --retrieval-only            skip answers, judges and consistency
  --judge-sample <n>          with EVAL_JUDGE_MODEL set: LLM-judge only a stratified sample of n questions
  --consistency-sample <n>    questions put through every surface (default 20; 0 turns the check off)

External dataset (retrieval only):
  --dataset <dir>             a BEIR-layout folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv
  --split <name>              qrels split (default test)
  --limit <n>                 evaluate only the first n queries

Common:
  --methods <list>            search methods, comma-separated (default fulltext,vector,hybrid)
  --concurrency <n>           tasks run at once (default 4)
  --out <dir>                 reports folder (default evals/reports)
  --baseline <file>           baseline to compare with (default evals/baseline.json)
  --save-baseline             write this run's metrics as the new baseline
  --thresholds <file>         gate thresholds (default evals/thresholds.json)
  --skip-gate                 report the gate but exit 0 when it fails
`;

export async function run(config: Config, argv: string[]): Promise<number> {
  const values = readArguments(() => {
    const options = parseOptions(argv);
    return options.help ? 'help' : options;
  }, usage);
  if (typeof values === 'number') return values;
  const log = (message: string) => console.error(`[eval] ${message}`);
  let report: EvalReport;
  let thresholds: Thresholds;
  if (values.suite?.corpus === 'raw' && !rawCorpusBuilder().available) {
    console.error(`[eval] skipped the ${values.suite.name} suite: ${rawCorpusBuilder().reason}`);
    return process.env.REQUIRE_ALL_CHECKS === '1' ? 1 : 0;
  }
  try {
    // Read first, so a broken thresholds file is reported before minutes of evaluation, not after.
    thresholds = await loadThresholds(values.thresholds);
    report = values.dataset ? await runBeir(config, values, log) : await runGolden(config, values, log);
  } catch (error) {
    const appError = AppError.from(error);
    console.error(
      `Evaluation failed: ${appError.code === 'internal' ? (appError.stack ?? appError.message) : appError.message}`,
    );
    return 1;
  }

  report.gate = checkGate(report.metrics, thresholds, {
    dataset: report.dataset.name,
    answerModel: report.setup.answerModel,
    sampled: report.dataset.sampled,
  });
  const baseline = await readBaseline(values.baseline);
  if (
    baseline &&
    ((values.dataset === undefined && !values.suite?.name.startsWith('outside')) || values.baselineGiven)
  ) {
    report.baseline = compareWithBaseline(
      report,
      baseline,
      path.relative(process.cwd(), values.baseline) || values.baseline,
    );
  }
  const written = await writeReport(report, values.out);
  if (values.saveBaseline) {
    await saveBaseline(values.baseline, report);
    log(`baseline saved to ${values.baseline}`);
  }

  console.log(consoleSummary(report));
  console.log(`\nReport: ${written.html}\n        ${written.markdown}\n        ${written.json}`);
  if (report.gate.applicable && !report.gate.passed) {
    console.error(`\nGate FAILED: ${report.gate.failures.map((failure) => failure.message).join('; ')}`);
    return values.skipGate ? 0 : 1;
  }
  return 0;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      dataset: { type: 'string' },
      split: { type: 'string' },
      limit: { type: 'string' },
      golden: { type: 'string' },
      suite: { type: 'string' },
      sample: { type: 'string' },
      'retrieval-only': { type: 'boolean' },
      'judge-sample': { type: 'string' },
      'consistency-sample': { type: 'string' },
      methods: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      baseline: { type: 'string' },
      'save-baseline': { type: 'boolean' },
      thresholds: { type: 'string' },
      'skip-gate': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const count = (name: string, value: string | undefined, minimum = 1): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum)
      throw new Error(`--${name} must be a whole number >= ${minimum}`);
    return number;
  };
  if (values.suite !== undefined && !isSuiteName(values.suite)) {
    throw new Error(`--suite: unknown suite ${values.suite}; use ${suiteNames.join(', ')}`);
  }
  if (values.suite !== undefined && values.golden !== undefined)
    throw new Error('--suite and --golden exclude each other');
  const suite = values.suite !== undefined ? suiteDefinition(values.suite as SuiteName) : undefined;
  const methods = values.methods
    ?.split(',')
    .map((method) => method.trim())
    .filter(Boolean) as SearchMethod[] | undefined;
  const unknown = methods?.filter((method) => !searchMethods.includes(method));
  if (unknown?.length)
    throw new Error(`--methods: unknown method(s) ${unknown.join(', ')}; use ${searchMethods.join(', ')}`);
  return {
    help: values.help ?? false,
    dataset: values.dataset,
    split: values.split,
    limit: count('limit', values.limit),
    suite,
    golden: path.resolve(values.golden ?? suite?.questionsFile ?? defaultPaths.golden),
    sample: count('sample', values.sample),
    retrievalOnly: values['retrieval-only'] ?? false,
    judgeSample: count('judge-sample', values['judge-sample']),
    // Outside suites measure answers; the cross-surface check runs on the golden set.
    consistencySample:
      count('consistency-sample', values['consistency-sample'], 0) ??
      (suite?.name.startsWith('outside') ? 0 : undefined),
    methods,
    concurrency: count('concurrency', values.concurrency) ?? 4,
    out: path.resolve(values.out ?? defaultPaths.reports),
    baseline: path.resolve(values.baseline ?? defaultPaths.baseline),
    baselineGiven: values.baseline !== undefined,
    saveBaseline: values['save-baseline'] ?? false,
    thresholds: path.resolve(values.thresholds ?? suite?.thresholdsFile ?? defaultPaths.thresholds),
    skipGate: values['skip-gate'] ?? false,
  };
}

type Options = ReturnType<typeof parseOptions>;

async function runGolden(config: Config, options: Options, log: (message: string) => void): Promise<EvalReport> {
  const all = options.suite ? await loadSuiteQuestions(options.suite) : await loadGoldenSet(options.golden);
  const questions = options.sample ? stratifiedSample(all, options.sample) : all;
  const assistant = await createAssistant(
    options.suite?.corpus === 'raw' ? await rawCorpusConfig(config, log) : config,
  );
  try {
    if (await assistant.needsReindex()) {
      log('indexing the corpus');
      await assistant.reindex();
    }
    let llmJudge;
    let judgeQuestionIds: Set<string> | undefined;
    if (!options.retrievalOnly && config.evalJudgeModel?.startsWith('openai:')) {
      const cache = await openVerdictCache(path.join(config.dataDir, 'evals', 'judge-cache'), config.evalJudgeModel);
      llmJudge = llmSupportJudge({
        model: createJudgeModel(config, config.evalJudgeModel),
        name: config.evalJudgeModel,
        cache,
        maxRetries: config.modelMaxRetries,
        timeoutMs: config.modelTimeoutMs,
      });
      if (options.judgeSample) {
        judgeQuestionIds = new Set(
          stratifiedSample(questions, options.judgeSample, { seed: 'judge' }).map((question) => question.id),
        );
      }
      log(`LLM judge ${config.evalJudgeModel} (${cache.size} cached verdicts in ${cache.file})`);
    }
    return await evaluateGolden({
      assistant,
      questions,
      datasetPath: path.relative(process.cwd(), options.golden) || options.golden,
      datasetName: options.suite?.name ?? 'golden',
      sampled: questions.length < all.length,
      methods: options.methods,
      answers: !options.retrievalOnly,
      llmJudge,
      judgeQuestionIds,
      consistencySample: options.consistencySample,
      concurrency: options.concurrency,
      onProgress: log,
    });
  } finally {
    await assistant.close();
  }
}

/** A configuration over the raw official-texts corpus, built afresh under DATA_DIR/evals/outside-raw/. */
async function rawCorpusConfig(config: Config, log: (message: string) => void): Promise<Config> {
  const base = path.join(config.dataDir, 'evals', 'outside-raw');
  const corpusDir = path.join(base, 'corpus');
  log(`building the raw official-texts corpus in ${corpusDir}`);
  await buildRawCorpus(corpusDir);
  const dataDir = path.join(base, 'data');
  return { ...config, corpusDir, dataDir, lancedbUri: path.join(dataDir, 'lancedb') };
}

async function runBeir(config: Config, options: Options, log: (message: string) => void): Promise<EvalReport> {
  return evaluateBeir({
    config,
    directory: options.dataset!,
    split: options.split,
    methods: options.methods,
    limit: options.limit,
    concurrency: options.concurrency,
    onProgress: log,
  });
}

/** The terminal summary: every overall metric with its baseline delta, then the gate. */
export function consoleSummary(report: EvalReport): string {
  const deltas = new Map(report.baseline?.deltas.map((delta) => [delta.metric, delta]) ?? []);
  const width = Math.max(...Object.keys(report.metrics).map((metric) => metric.length), 10);
  const lines = [
    `\n${report.dataset.name}: ${report.dataset.questions} ${report.dataset.kind === 'beir' ? 'queries' : 'questions'}${report.dataset.sampled ? ' (sample)' : ''}`,
    `${'metric'.padEnd(width)}  value   Δ baseline`,
  ];
  for (const [metric, value] of Object.entries(report.metrics)) {
    const delta = deltas.get(metric);
    lines.push(
      `${metric.padEnd(width)}  ${formatMetric(value).padStart(5)}   ${formatDelta(delta?.delta)}${delta?.regressed ? '  ⚠ regression' : ''}`,
    );
  }
  if (report.gate) {
    lines.push(
      report.gate.applicable
        ? `gate: ${report.gate.passed ? 'passed' : 'FAILED'} (${report.gate.checks.length} checks)`
        : `gate: not applicable (${report.gate.reason})`,
    );
  }
  return lines.join('\n');
}
