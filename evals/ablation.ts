/**
 * Ablations of the retrieval signals on three question sets at once: the golden set, an outside question set with
 * expected passages over the shipped corpus, and a BEIR dataset (ObliQA). Each variant changes one setting of the
 * planned search; its hybrid ranking is compared question by question with the default's, with paired-bootstrap
 * 95% intervals. `npx tsx evals/ablation.ts --dataset <beir dir> --outside <questions.jsonl> [--variants a,b]`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig, type Config } from '../src/config.js';
import { createAssistant } from '../src/create-assistant.js';
import { feedbackSettings, fusionSettings, referenceSettings } from '../src/retrieve/hybrid-search.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import { loadGoldenSet } from './datasets/golden.js';
import { evaluateOutside } from './outside-retrieval.js';
import { formatMetric } from './report/format.js';
import type { EvalReport } from './report/report-model.js';
import { evaluateBeir } from './suites/beir-run.js';
import { evaluateGolden } from './suites/golden-run.js';
import { compareScores, formatComparison } from './suites/method-comparison.js';

interface Variant {
  /** Changes settings for this variant; every variant starts from the defaults. */
  apply(config: Config): Config;
}

const defaults = structuredClone(referenceSettings);
const feedbackDefaults = structuredClone(feedbackSettings);
const fusionDefault = fusionSettings.mode;

const variants: Record<string, Variant> = {
  default: { apply: (config) => config },
  'no-named': { apply: (config) => ((referenceSettings.namedWeight = 0), config) },
  'no-cited': { apply: (config) => ((referenceSettings.citedWeight = 0), config) },
  'no-follow': { apply: (config) => ((referenceSettings.followWeight = 0), config) },
  'no-vendor': {
    apply: (config) => ((referenceSettings.vendorWeight = 0), (referenceSettings.vendorCitedWeight = 0), config),
  },
  feedback: { apply: (config) => ((feedbackSettings.documents = 3), config) },
  'feedback-5x20': {
    apply: (config) => ((feedbackSettings.documents = 5), (feedbackSettings.terms = 20), config),
  },
  convex: { apply: (config) => ((fusionSettings.mode = 'convex'), config) },
  'convex-0.3': { apply: (config) => ((fusionSettings.mode = 'convex'), { ...config, searchDenseWeight: 0.3 }) },
  'dense-0.3': { apply: (config) => ({ ...config, searchDenseWeight: 0.3 }) },
  'dense-0': { apply: (config) => ({ ...config, searchDenseWeight: 0 }) },
};

async function runSets(config: Config, options: { dataset: string; outside: string }, methods: SearchMethod[]) {
  const reports: Record<string, EvalReport> = {};
  const assistant = await createAssistant(config);
  try {
    if (await assistant.needsReindex()) await assistant.reindex();
    const golden = await loadGoldenSet(path.resolve('evals/golden.jsonl'));
    reports.golden = await evaluateGolden({
      assistant,
      questions: golden,
      datasetPath: 'evals/golden.jsonl',
      methods,
      answers: false,
      consistencySample: 0,
    });
    reports.outside = await evaluateOutside(assistant, options.outside, methods);
  } finally {
    await assistant.close();
  }
  reports.obliqa = await evaluateBeir({ config, directory: options.dataset, methods });
  return reports;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      outside: { type: 'string' },
      variants: { type: 'string' },
      out: { type: 'string', default: '/tmp' },
      methods: { type: 'string', default: 'hybrid' },
    },
  });
  if (!values.dataset || !values.outside) {
    console.error('Usage: npx tsx evals/ablation.ts --dataset <beir dir> --outside <questions.jsonl> [--variants a,b]');
    return 2;
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(formatConfigProblems(loaded.problems));
    return 2;
  }
  const names = values.variants ? values.variants.split(',') : Object.keys(variants);
  const methods = values.methods.split(',') as SearchMethod[];
  const results: Record<string, Record<string, EvalReport>> = {};
  for (const name of ['default', ...names.filter((name) => name !== 'default')]) {
    const variant = variants[name];
    if (!variant) throw new Error(`unknown variant ${name}; known: ${Object.keys(variants).join(', ')}`);
    Object.assign(referenceSettings, structuredClone(defaults));
    Object.assign(feedbackSettings, structuredClone(feedbackDefaults));
    fusionSettings.mode = fusionDefault;
    results[name] = await runSets(
      variant.apply(loaded.config),
      values as { dataset: string; outside: string },
      methods,
    );
    const lines: string[] = [];
    for (const [set, report] of Object.entries(results[name]!)) {
      for (const method of methods) {
        const prefix = `retrieval.${method}`;
        const head = `${name.padEnd(12)} ${set.padEnd(8)} ${method.padEnd(8)} r@10 ${formatMetric(report.metrics[`${prefix}.recall@10`])} map@10 ${formatMetric(report.metrics[`${prefix}.map@10`])}`;
        if (name === 'default') {
          lines.push(head);
          continue;
        }
        const control = results.default![set]!;
        const [recall, map] = compareScores(report.cases, control.cases, prefix, prefix, ['recall@10', 'map@10']);
        lines.push(`${head}  Δr@10 ${formatComparison(recall!)}  Δmap@10 ${formatComparison(map!)}`);
      }
    }
    console.log(lines.join('\n'));
    await writeFile(path.join(values.out!, `${name}.json`), JSON.stringify(results[name])).catch(() => {});
  }
  Object.assign(referenceSettings, structuredClone(defaults));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
