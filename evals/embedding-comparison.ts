/**
 * Measures what each local embedding candidate adds to retrieval on the golden questions: recall@5 and recall@10 of
 * full text alone, vector alone and hybrid (weighted reciprocal-rank fusion at several dense weights), each through
 * the real index (`openSearchableIndex`) built from the shipped corpus in a temporary folder.
 *
 *   npx tsx evals/embedding-comparison.ts [--models local:glove,local:hash] [--weights 0.1,0.3,0.5,1] [--filters]
 *
 * Recall@k of a question is the share of its expected passages among the top k hits (a later part of a long labelled
 * unit counts as the unit, as in the eval's retrieval metrics), averaged over the questions that expect passages.
 * Without `--filters` the questions' retrieval filters are ignored, which is the harder setting; with it they are
 * applied as a user would set them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig } from '../src/config.js';
import { createEmbeddingModel, localEmbeddingModelIds } from '../src/index/embedding/index.js';
import { openSearchableIndex } from '../src/retrieve/searchable-index.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import { option } from '../bench/suite.js';
import { loadGoldenSet, toSearchFilters } from './datasets/golden.js';
import { recallAtK, toLabelledUnits } from './metrics/retrieval.js';

export interface ComparisonRow {
  model: string;
  modelId: string;
  method: string;
  denseWeight?: number;
  recallAt5: number;
  recallAt10: number;
  questions: number;
}

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

export async function compareEmbeddings(argv: string[] = []): Promise<ComparisonRow[]> {
  const models = (option(argv, '--models') ?? localEmbeddingModelIds.join(',')).split(',');
  const weights = (option(argv, '--weights') ?? '0.1,0.3,0.5,1').split(',').map(Number);
  const useFilters = argv.includes('--filters');
  const questions = (await loadGoldenSet(path.join(repositoryRoot, 'evals', 'golden.jsonl'))).filter(
    (question) => question.expected_passages.length > 0,
  );
  const rows: ComparisonRow[] = [];
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'embedding-comparison-'));
  try {
    for (const model of models) {
      const config = testConfig({
        DATA_DIR: path.join(workspace, model.replace(/[^a-z0-9]+/gi, '-')),
        CORPUS_DIR: path.join(repositoryRoot, 'corpus'),
        EMBEDDING_MODEL: model,
      });
      const embeddingModel = createEmbeddingModel(config);
      const started = performance.now();
      const built = await openSearchableIndex({ config, embeddingModel });
      const summary = await built.reindex();
      await built.close();
      console.error(
        `${model} (${embeddingModel.modelId}): indexed ${summary.passages} passages in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const configurations: { method: SearchMethod; denseWeight?: number }[] = [
        { method: 'fulltext' },
        { method: 'vector' },
        ...weights.map((denseWeight) => ({ method: 'hybrid' as const, denseWeight })),
      ];
      for (const configuration of configurations) {
        const index = await openSearchableIndex({
          config,
          embeddingModel,
          denseWeight: configuration.denseWeight ?? 1,
        });
        let at5 = 0;
        let at10 = 0;
        for (const question of questions) {
          const result = await index.search(question.question, {
            k: 10,
            method: configuration.method,
            filters: useFilters ? toSearchFilters(question.filters) : undefined,
          });
          const ids = result.hits.map((hit) => hit.passage.id);
          const gold = new Set(question.expected_passages);
          const ranked = toLabelledUnits(ids, gold);
          at5 += recallAtK(ranked, gold, 5) ?? 0;
          at10 += recallAtK(ranked, gold, 10) ?? 0;
        }
        await index.close();
        rows.push({
          model,
          modelId: `${embeddingModel.provider}:${embeddingModel.modelId}`,
          method: configuration.method,
          denseWeight: configuration.denseWeight,
          recallAt5: at5 / questions.length,
          recallAt10: at10 / questions.length,
          questions: questions.length,
        });
      }
    }
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  return rows;
}

export function formatComparison(rows: ComparisonRow[]): string {
  const lines = [
    `| model | method | dense weight | recall@5 | recall@10 |`,
    `|---|---|---|---|---|`,
    ...rows.map(
      (row) =>
        `| ${row.model} (${row.modelId}) | ${row.method} | ${row.denseWeight ?? ''} | ${row.recallAt5.toFixed(3)} | ${row.recallAt10.toFixed(3)} |`,
    ),
  ];
  return `${lines.join('\n')}\n\n${rows[0]?.questions ?? 0} golden questions with expected passages.`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  compareEmbeddings(process.argv.slice(2)).then(
    (rows) => console.log(formatComparison(rows)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
