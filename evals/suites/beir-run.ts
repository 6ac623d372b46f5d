/**
 * Retrieval on an external BEIR-format dataset: the corpus is written out in the project's corpus format into its own
 * folder under the data directory, indexed there by the normal ingest (so the shipped index is never touched, and an
 * unchanged dataset reuses its index on the next run), then every query is searched by each method and scored
 * against the document-level qrels.
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Assistant } from '../../src/assistant.js';
import type { Config } from '../../src/config.js';
import { createAssistant } from '../../src/create-assistant.js';
import { maxK } from '../../src/retrieve/hybrid-search.js';
import type { SearchMethod } from '../../src/retrieve/types.js';
import type { Eval } from '../core/eval.js';
import { runEval } from '../core/run-eval.js';
import {
  corpusIdFor,
  datasetFingerprint,
  loadBeirDataset,
  readBeirCorpus,
  writeBeirCorpus,
  type BeirDataset,
  type BeirQuery,
} from '../datasets/beir.js';
import { toDocumentRanking } from '../metrics/retrieval.js';
import type { EvalReport, ReportCase } from '../report/report-model.js';
import { rankingScorers, type RankingExpected, type RankingOutput } from './retrieval-eval.js';
import { searchMethods } from './golden-run.js';
import { createReportCollector } from './report-collector.js';

export interface BeirRunOptions {
  config: Config;
  directory: string;
  split?: string;
  methods?: SearchMethod[];
  /** Evaluate only the first n queries (in file order). */
  limit?: number;
  concurrency?: number;
  onProgress?: (message: string) => void;
}

/** Where a dataset's corpus copy and index live: one folder per dataset version under the data directory. */
export function beirWorkDirectory(config: Config, dataset: BeirDataset, fingerprint: string): string {
  return path.join(config.dataDir, 'evals', 'beir', `${dataset.name.replace(/[^a-zA-Z0-9_-]+/g, '_')}-${fingerprint}`);
}

export async function evaluateBeir(options: BeirRunOptions): Promise<EvalReport> {
  const startedAt = performance.now();
  const progress = options.onProgress ?? (() => {});
  const methods = options.methods ?? searchMethods;
  const dataset = await loadBeirDataset(options.directory, options.split);
  const queries = options.limit ? dataset.queries.slice(0, options.limit) : dataset.queries;
  const workDirectory = beirWorkDirectory(
    options.config,
    dataset,
    await datasetFingerprint(dataset.directory, dataset.split),
  );
  const corpusDirectory = path.join(workDirectory, 'corpus');
  const marker = path.join(corpusDirectory, '.complete');

  let beirIdOf: Map<string, string>;
  if (!(await stat(marker).catch(() => undefined))) {
    progress(`writing the ${dataset.name} corpus to ${corpusDirectory}`);
    beirIdOf = (await writeBeirCorpus(dataset, corpusDirectory)).beirIdOf;
    await writeFile(marker, new Date().toISOString());
  } else {
    beirIdOf = new Map();
    for await (const document of readBeirCorpus(dataset.directory)) beirIdOf.set(corpusIdFor(document.id), document.id);
  }

  const dataDirectory = path.join(workDirectory, 'data');
  const config: Config = {
    ...options.config,
    dataDir: dataDirectory,
    lancedbUri: path.join(dataDirectory, 'lancedb'),
    corpusDir: corpusDirectory,
  };
  const assistant = await createAssistant(config);
  try {
    if (await assistant.needsReindex()) {
      progress(`indexing ${beirIdOf.size} documents`);
      const summary = await assistant.reindex();
      if (summary.failed.length > 0) {
        progress(
          `${summary.failed.length} document(s) failed to index, e.g. ${summary.failed[0]!.path}: ${summary.failed[0]!.reason}`,
        );
      }
    }
    const cases = new Map<string, ReportCase>(
      queries.map((query) => [
        query.id,
        {
          id: query.id,
          question: query.text,
          category: dataset.name,
          expectedPassages: [...query.relevant.keys()],
          retrieval: {},
          scores: {},
          failures: [],
        },
      ]),
    );
    const collector = createReportCollector(cases);
    for (const method of methods) {
      progress(`retrieval (${method}, ${queries.length} queries)`);
      const evaluation = beirRetrievalEval({ assistant, queries, method, beirIdOf, category: dataset.name });
      const result = await runEval(evaluation, { concurrency: options.concurrency });
      collector.collect(`retrieval.${method}`, result, evaluation.scorers);
      for (const caseResult of result.cases) {
        const reportCase = cases.get(caseResult.evalCase.id)!;
        if (caseResult.output) reportCase.retrieval[method] = caseResult.output.ranked.slice(0, 10);
        const recall = caseResult.scores['recall@10']?.score;
        if (recall !== null && recall !== undefined && recall < 1) {
          reportCase.failures.push(`retrieval.${method}.recall@10 = ${recall.toFixed(2)}`);
        }
      }
    }
    const status = await assistant.status();
    return {
      format: 1,
      createdAt: new Date().toISOString(),
      dataset: {
        kind: 'beir',
        name: dataset.name,
        path: dataset.directory,
        questions: queries.length,
        sampled: queries.length < dataset.queries.length,
      },
      setup: {
        embeddingModel: status.embeddingModel,
        judges: [],
        corpusVersion: status.corpusVersion,
        methods,
        durationMs: performance.now() - startedAt,
      },
      ...collector.results(methods),
    };
  } finally {
    await assistant.close();
  }
}

function beirRetrievalEval(options: {
  assistant: Assistant;
  queries: readonly BeirQuery[];
  method: SearchMethod;
  beirIdOf: ReadonlyMap<string, string>;
  category: string;
}): Eval<BeirQuery, RankingOutput, RankingExpected> {
  return {
    name: `beir:${options.method}`,
    data: () =>
      options.queries.map((query) => ({
        id: query.id,
        category: options.category,
        input: query,
        expected: { relevant: new Set(query.relevant.keys()), grades: query.relevant },
      })),
    task: async (query) => {
      // Documents may be split into several passages; fetch deep enough to fill the top 10 documents.
      const result = await options.assistant.search(query.text, { k: maxK, method: options.method });
      const ranked = toDocumentRanking(
        result.hits.map((hit) => ({
          documentId: options.beirIdOf.get(hit.passage.documentId) ?? hit.passage.documentId,
        })),
      );
      return { ranked, retrieved: ranked.slice(0, 10), depth: maxK, searchMs: result.timings.totalMs };
    },
    scorers: rankingScorers<BeirQuery>(),
  };
}
