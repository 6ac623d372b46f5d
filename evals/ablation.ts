/**
 * Ablations of the retrieval signals on three question sets at once: the golden set, an outside question set with
 * expected passages over the shipped corpus, and a BEIR dataset (ObliQA). Each variant changes one setting of the
 * planned search; its hybrid ranking is compared question by question with the default's, with paired-bootstrap
 * 95% intervals. `npx tsx evals/ablation.ts --dataset <beir dir> --outside <questions.jsonl> [--variants a,b]
 * [--sets golden,outside,obliqa] [--limit <first n BEIR questions>]`.
 *
 * Each set is also reported by half, so a setting can be chosen on one half and reported on the other: the golden
 * set's fixed tuning and untuned halves (datasets/golden.ts), and the BEIR questions' first and second half in file
 * order. The outside questions are not split; nothing is tuned on them.
 *
 * Pseudo-relevance feedback is measured as `feedback:<documents>:<terms>:<weight>[:fuse[=<list weight>]][:relevance]` (feedback.ts), e.g.
 * `feedback:3:10:0.3`; the bare `feedback` turns it on with the settings in hybrid-search.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig, type Config } from '../src/config.js';
import { createAssistant } from '../src/create-assistant.js';
import {
  feedbackSettings,
  fusionSettings,
  proximitySettings,
  referenceSettings,
} from '../src/retrieve/hybrid-search.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import { goldenHalf, loadGoldenSet } from './datasets/golden.js';
import { evaluateOutside } from './outside-retrieval.js';
import { formatMetric } from './report/format.js';
import type { EvalReport, ReportCase } from './report/report-model.js';
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
const proximityDefaults = structuredClone(proximitySettings);

const variants: Record<string, Variant> = {
  default: { apply: (config) => config },
  'no-named': { apply: (config) => ((referenceSettings.namedWeight = 0), config) },
  'no-cited': { apply: (config) => ((referenceSettings.citedWeight = 0), config) },
  'no-follow': { apply: (config) => ((referenceSettings.followWeight = 0), config) },
  'no-vendor': {
    apply: (config) => ((referenceSettings.vendorWeight = 0), (referenceSettings.vendorCitedWeight = 0), config),
  },
  feedback: { apply: (config) => ({ ...config, searchFeedback: true }) },
  proximity: { apply: (config) => ({ ...config, searchProximity: true }) },
  convex: { apply: (config) => ((fusionSettings.mode = 'convex'), config) },
  'convex-0.3': { apply: (config) => ((fusionSettings.mode = 'convex'), { ...config, searchDenseWeight: 0.3 }) },
  'dense-0.3': { apply: (config) => ({ ...config, searchDenseWeight: 0.3 }) },
  'dense-0': { apply: (config) => ({ ...config, searchDenseWeight: 0 }) },
};

/** `feedback:5:10:0.3`, optionally `:fuse` and `:relevance`: pseudo-relevance feedback with those settings. */
function feedbackVariant(name: string): Variant | undefined {
  const match = /^feedback:(\d+):(\d+):([\d.]+)((?::fuse(?:=[\d.]+)?|:relevance)*)$/.exec(name);
  if (!match) return undefined;
  return {
    apply: (config) => {
      Object.assign(feedbackSettings, {
        documents: Number(match[1]),
        terms: Number(match[2]),
        weight: Number(match[3]),
        combine: match[4]!.includes(':fuse') ? 'fuse' : 'replace',
        listWeight: Number(/:fuse=([\d.]+)/.exec(match[4]!)?.[1] ?? 1),
        termWeights: match[4]!.includes(':relevance') ? 'relevance' : 'equal',
      });
      return { ...config, searchFeedback: true };
    },
  };
}

/**
 * `proximity:<weight>:<window>`, optionally `:flat` (every word pair alike) and `:fuse` (a list of its own at that
 * weight instead of re-ranking full text): term proximity on the full-text list.
 */
function proximityVariant(name: string): Variant | undefined {
  const match = /^proximity:([\d.]+):(\d+)(:flat)?(:fuse)?$/.exec(name);
  if (!match) return undefined;
  return {
    apply: (config) => {
      Object.assign(proximitySettings, {
        weight: Number(match[1]),
        window: Number(match[2]),
        rarity: !match[3],
        combine: match[4] ? 'fuse' : 'rerank',
      });
      return { ...config, searchProximity: true };
    },
  };
}

const setNames = ['golden', 'outside', 'obliqa'] as const;
type SetName = (typeof setNames)[number];

async function runSets(
  config: Config,
  options: { dataset: string; outside: string },
  methods: SearchMethod[],
  sets: readonly SetName[],
  beirLimit: number | undefined,
) {
  const reports: Partial<Record<SetName, EvalReport>> = {};
  if (sets.includes('golden') || sets.includes('outside')) {
    const assistant = await createAssistant(config);
    try {
      if (await assistant.needsReindex()) await assistant.reindex();
      if (sets.includes('golden'))
        reports.golden = await evaluateGolden({
          assistant,
          questions: await loadGoldenSet(path.resolve('evals/golden.jsonl')),
          datasetPath: 'evals/golden.jsonl',
          methods,
          answers: false,
          consistencySample: 0,
        });
      if (sets.includes('outside')) reports.outside = await evaluateOutside(assistant, options.outside, methods);
    } finally {
      await assistant.close();
    }
  }
  if (sets.includes('obliqa'))
    reports.obliqa = await evaluateBeir({ config, directory: options.dataset, methods, limit: beirLimit });
  return reports;
}

/** A set's cases whole and by half: golden tuning / untuned, BEIR first / second half in file order. */
function halvesOf(set: SetName, cases: readonly ReportCase[]): [string, readonly ReportCase[]][] {
  if (set === 'golden') {
    const halves = goldenHalf(
      cases.map((reportCase) => ({ id: reportCase.id, category: reportCase.category })),
      'tuning',
    );
    const tuning = new Set(halves.map((item) => item.id));
    return [
      ['all', cases],
      ['tuning', cases.filter((reportCase) => tuning.has(reportCase.id))],
      ['untuned', cases.filter((reportCase) => !tuning.has(reportCase.id))],
    ];
  }
  if (set === 'obliqa') {
    const middle = Math.ceil(cases.length / 2);
    return [
      ['all', cases],
      ['first', cases.slice(0, middle)],
      ['second', cases.slice(middle)],
    ];
  }
  return [['all', cases]];
}

const mean = (cases: readonly ReportCase[], metric: string) => {
  const values = cases.flatMap((reportCase) => {
    const score = reportCase.scores[metric]?.score;
    return score === null || score === undefined ? [] : [score];
  });
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
};

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      outside: { type: 'string' },
      variants: { type: 'string' },
      out: { type: 'string', default: '/tmp' },
      methods: { type: 'string', default: 'hybrid' },
      sets: { type: 'string', default: setNames.join(',') },
      /** Only the first n BEIR questions, e.g. the first half while tuning. */
      limit: { type: 'string' },
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
  const sets = values.sets!.split(',') as SetName[];
  const unknownSet = sets.find((set) => !setNames.includes(set));
  if (unknownSet) throw new Error(`unknown set ${unknownSet}; known: ${setNames.join(', ')}`);
  const results: Record<string, Partial<Record<SetName, EvalReport>>> = {};
  for (const name of ['default', ...names.filter((name) => name !== 'default')]) {
    const variant = variants[name] ?? feedbackVariant(name) ?? proximityVariant(name);
    if (!variant) throw new Error(`unknown variant ${name}; known: ${Object.keys(variants).join(', ')}`);
    Object.assign(referenceSettings, structuredClone(defaults));
    Object.assign(feedbackSettings, structuredClone(feedbackDefaults));
    fusionSettings.mode = fusionDefault;
    Object.assign(proximitySettings, structuredClone(proximityDefaults));
    results[name] = await runSets(
      variant.apply(loaded.config),
      values as { dataset: string; outside: string },
      methods,
      sets,
      values.limit ? Number(values.limit) : undefined,
    );
    const lines: string[] = [];
    for (const [set, report] of Object.entries(results[name]!) as [SetName, EvalReport][]) {
      const control = results.default![set]!;
      for (const [half, cases] of halvesOf(set, report.cases)) {
        for (const method of methods) {
          const prefix = `retrieval.${method}`;
          const head = `${name.padEnd(18)} ${`${set}/${half}`.padEnd(15)} ${method.padEnd(8)} r@10 ${formatMetric(mean(cases, `${prefix}.recall@10`))} map@10 ${formatMetric(mean(cases, `${prefix}.map@10`))}`;
          if (name === 'default') {
            lines.push(head);
            continue;
          }
          const [recall, map] = compareScores(cases, control.cases, prefix, prefix, ['recall@10', 'map@10']);
          lines.push(`${head}  Δr@10 ${formatComparison(recall!)}  Δmap@10 ${formatComparison(map!)}`);
        }
      }
    }
    console.log(lines.join('\n'));
    await writeFile(path.join(values.out!, `${name}.json`), JSON.stringify(results[name])).catch(() => {});
  }
  Object.assign(referenceSettings, structuredClone(defaults));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
