/**
 * Retrieval on the golden set, one evaluation per search method (full text, vector, hybrid): each question with gold
 * passages is searched with the filters a user would set, and the ranking is scored against the gold ids.
 */
import type { Assistant } from '../../src/assistant.js';
import type { SearchMethod, SearchOptions } from '../../src/retrieve/types.js';
import type { Eval, EvalCase, Scorer } from '../core/eval.js';
import { toSearchFilters, type GoldenQuestion } from '../datasets/golden.js';
import {
  allEvidenceAtK,
  averagePrecisionAtK,
  ndcgAtK,
  reciprocalRank,
  recallAtK,
  toLabelledUnits,
} from '../metrics/retrieval.js';

export interface RankingExpected {
  relevant: ReadonlySet<string>;
  /** Graded relevance (BEIR); binary when absent. */
  grades?: ReadonlyMap<string, number>;
}

export interface RankingOutput {
  /** Ids in rank order, already mapped onto the ids the labels use. */
  ranked: string[];
  /** Ids as retrieved, for the drill-down. */
  retrieved: string[];
  /** How many results the search was asked for: recall@100 is scored only when the search went that deep. */
  depth: number;
  searchMs: number;
}

export const retrievalDepth = 10;

/** The ranking scorers shared by the golden set and BEIR datasets. */
export function rankingScorers<Input>(): Scorer<Input, RankingOutput, RankingExpected>[] {
  return [
    {
      name: 'recall@5',
      description: 'Share of gold passages in the top 5: what a short context window would hold.',
      score: ({ output, expected }) => recallAtK(output.ranked, expected.relevant, 5),
    },
    {
      name: 'recall@10',
      description:
        'Share of gold passages in the top 10, the passages the answer model sees; the headline retrieval metric.',
      score: ({ output, expected }) => recallAtK(output.ranked, expected.relevant, 10),
    },
    {
      name: 'map@10',
      description:
        'Average precision over the top 10 (trec_eval map_cut_10): rewards every gold passage ranked high, not just the first.',
      score: ({ output, expected }) => averagePrecisionAtK(output.ranked, expected.relevant, 10),
    },
    {
      name: 'recall@100',
      description:
        'Share of gold passages in the top 100: what a better ordering of the candidates could still bring into the top 10.',
      score: ({ output, expected }) => (output.depth >= 100 ? recallAtK(output.ranked, expected.relevant, 100) : null),
    },
    {
      name: 'mrr',
      description: 'Reciprocal rank of the first gold passage within the top 10: how soon the first evidence appears.',
      score: ({ output, expected }) => reciprocalRank(output.ranked, expected.relevant, retrievalDepth),
    },
    {
      name: 'ndcg@10',
      description: 'nDCG@10 (binary, or graded when qrels grade): rewards gold passages ranked near the top.',
      score: ({ output, expected }) => ndcgAtK(output.ranked, expected.relevant, 10, expected.grades),
    },
    {
      name: 'all_evidence@10',
      description: 'Whether every gold passage is in the top 10: what multi-hop answers need.',
      score: ({ output, expected }) => {
        const value = allEvidenceAtK(output.ranked, expected.relevant, 10);
        if (value === null || value === 1) return value;
        const missing = [...expected.relevant].filter((id) => !output.ranked.slice(0, 10).includes(id));
        return { score: value, details: `missing from top 10: ${missing.join(', ')}` };
      },
    },
  ];
}

export function goldenRetrievalEval(options: {
  assistant: Assistant;
  questions: readonly GoldenQuestion[];
  method: SearchMethod;
}): Eval<GoldenQuestion, RankingOutput, RankingExpected> {
  return {
    name: `retrieval:${options.method}`,
    data: () =>
      options.questions
        .filter((question) => question.expected_passages.length > 0)
        .map((question): EvalCase<GoldenQuestion, RankingExpected> => ({
          id: question.id,
          category: question.category,
          input: question,
          expected: { relevant: new Set(question.expected_passages) },
        })),
    task: (question, evalCase) =>
      searchPassages(options.assistant, question.question, evalCase.expected.relevant, {
        method: options.method,
        filters: toSearchFilters(question.filters),
      }),
    scorers: rankingScorers<GoldenQuestion>(),
  };
}

/** One search scored at passage level: the top 10 mapped onto the units the labels name. */
export async function searchPassages(
  assistant: Pick<Assistant, 'search'>,
  question: string,
  relevant: ReadonlySet<string>,
  options: Omit<SearchOptions, 'k'>,
): Promise<RankingOutput> {
  const result = await assistant.search(question, { ...options, k: retrievalDepth });
  const retrieved = result.hits.map((hit) => hit.passage.id);
  return {
    ranked: toLabelledUnits(retrieved, relevant),
    retrieved,
    depth: retrievalDepth,
    searchMs: result.timings.totalMs,
  };
}
