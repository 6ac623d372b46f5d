/**
 * Expected-passage retrieval on a question set written outside the project (one JSON object a line with `id`,
 * `question`, optional `category` and `expected_passages`), searched over the configured corpus by every method:
 * `npx tsx evals/outside-retrieval.ts <questions.jsonl> [out.json]`. Prints each method's metrics with paired
 * intervals against full text and writes the cases in the report format, so two runs compare with
 * evals/compare-reports.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { formatConfigProblems, loadConfig } from '../src/config.js';
import { createAssistant } from '../src/create-assistant.js';
import type { Assistant } from '../src/assistant.js';
import type { SearchMethod } from '../src/retrieve/types.js';
import { runEval } from './core/run-eval.js';
import type { Eval } from './core/eval.js';
import { formatMetric } from './report/format.js';
import type { EvalReport, ReportCase } from './report/report-model.js';
import { formatComparison } from './suites/method-comparison.js';
import { createReportCollector } from './suites/report-collector.js';
import { rankingScorers, searchPassages, type RankingExpected, type RankingOutput } from './suites/retrieval-eval.js';

export interface OutsideQuestion {
  id: string;
  question: string;
  category: string;
  expected_passages: string[];
}

/** Reads the questions with expected passages from a JSON-lines file. */
export async function readOutsideQuestions(file: string): Promise<OutsideQuestion[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OutsideQuestion)
    .filter((question) => (question.expected_passages ?? []).length > 0);
}

/** Searches every question by each method and scores the rankings against the expected passages. */
export async function evaluateOutside(
  assistant: Assistant,
  file: string,
  methods: SearchMethod[] = ['fulltext', 'vector', 'hybrid'],
): Promise<EvalReport> {
  const questions = await readOutsideQuestions(file);
  const cases = new Map<string, ReportCase>(
    questions.map((question) => [
      question.id,
      {
        id: question.id,
        question: question.question,
        category: question.category ?? 'outside',
        expectedPassages: question.expected_passages,
        retrieval: {},
        scores: {},
        failures: [],
      },
    ]),
  );
  const collector = createReportCollector(cases);
  for (const method of methods) {
    const evaluation: Eval<OutsideQuestion, RankingOutput, RankingExpected> = {
      name: `outside:${method}`,
      data: () =>
        questions.map((question) => ({
          id: question.id,
          category: question.category ?? 'outside',
          input: question,
          expected: { relevant: new Set(question.expected_passages) },
        })),
      task: (question, evalCase) =>
        searchPassages(assistant, question.question, evalCase.expected.relevant, { method }),
      scorers: rankingScorers<OutsideQuestion>(),
    };
    const result = await runEval(evaluation, { concurrency: 4 });
    collector.collect(`retrieval.${method}`, result, evaluation.scorers);
    for (const caseResult of result.cases) {
      if (caseResult.output) cases.get(caseResult.evalCase.id)!.retrieval[method] = caseResult.output.retrieved;
    }
  }
  const status = await assistant.status();
  return {
    format: 1,
    createdAt: new Date().toISOString(),
    dataset: { kind: 'golden', name: 'outside', path: file, questions: questions.length, sampled: false },
    setup: { embeddingModel: status.embeddingModel, judges: [], methods, durationMs: 0 },
    ...collector.results(methods),
  };
}

async function main(argv: string[]): Promise<number> {
  const [file, out] = argv;
  if (!file) {
    console.error('Usage: npx tsx evals/outside-retrieval.ts <questions.jsonl> [out.json]');
    return 2;
  }
  const methods: SearchMethod[] = ['fulltext', 'vector', 'hybrid'];
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(formatConfigProblems(loaded.problems));
    return 2;
  }
  const assistant = await createAssistant(loaded.config);
  try {
    if (await assistant.needsReindex()) await assistant.reindex();
    const report = await evaluateOutside(assistant, file, methods);
    for (const method of methods) {
      const metric = (name: string) => formatMetric(report.metrics[`retrieval.${method}.${name}`]);
      console.log(
        `${method.padEnd(8)} recall@10 ${metric('recall@10')}  map@10 ${metric('map@10')}  mrr ${metric('mrr')}`,
      );
    }
    for (const comparison of report.comparisons ?? []) {
      if (comparison.metric === 'recall@10' || comparison.metric === 'map@10')
        console.log(`${comparison.treatment} − fulltext ${comparison.metric}: ${formatComparison(comparison)}`);
    }
    if (out) await writeFile(out, JSON.stringify(report));
  } finally {
    await assistant.close();
  }
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.exitCode = await main(process.argv.slice(2));
}
