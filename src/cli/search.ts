/**
 * `npm run search -- "query"`: ranked passages from the index with ids, heading paths, scores and where each came
 * from (full-text rank, vector rank). Filters and the search method are flags; `--json` prints the raw result.
 */
import { readArguments } from './arguments.js';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { filterOptions, filtersFromFlags, filterUsage } from './filter-flags.js';
import { openSearchableIndex } from '../retrieve/searchable-index.js';
import { createEmbeddingModel } from '../index/embedding/index.js';
import type { SearchMethod, SearchResult } from '../retrieve/types.js';

const usage = `Usage: npm run search -- "query" [options]

  -k, --k <n>             number of passages (default 10)
  --method <m>            hybrid (default) | fulltext | vector
${filterUsage}
  --json                  print the result as JSON`;

export function formatSearchResult(result: SearchResult, width = 100): string {
  if (result.hits.length === 0) return `No passages found for "${result.query}".`;
  const lines = [
    `${result.hits.length} passages for "${result.query}" (${result.method}, ${result.timings.totalMs.toFixed(1)} ms)`,
  ];
  if (result.expandedQuery !== result.query) lines.push(`  expanded: ${result.expandedQuery}`);
  for (const hit of result.hits) {
    const { passage } = hit;
    const sources = [
      hit.fulltextRank === undefined ? undefined : `full text #${hit.fulltextRank}`,
      hit.vectorRank === undefined ? undefined : `vector #${hit.vectorRank}`,
    ].filter(Boolean);
    const meta = [passage.jurisdiction, passage.type, passage.published].filter(Boolean).join(', ');
    const snippet = passage.text.replace(/\s+/g, ' ').trim();
    lines.push(
      '',
      `${String(hit.rank).padStart(2)}. ${passage.id}   score ${hit.score.toFixed(4)}${sources.length ? ` (${sources.join(', ')})` : ''}`,
      `    ${passage.heading}${meta ? `  [${meta}]` : ''}`,
      `    ${snippet.length > width ? `${snippet.slice(0, width - 1)}…` : snippet}`,
    );
  }
  return lines.join('\n');
}

export async function run(config: Config, argv: string[]): Promise<number> {
  const parsed = readArguments(() => parseSearchArguments(argv), usage);
  if (typeof parsed === 'number') return parsed;

  let index: Awaited<ReturnType<typeof openSearchableIndex>> | undefined;
  try {
    index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
    const result = await index.search(parsed.query, parsed.options);
    console.log(parsed.json ? JSON.stringify(result, null, 2) : formatSearchResult(result));
    return 0;
  } catch (error) {
    const appError = AppError.from(error);
    console.error(`Search failed (${appError.code}): ${appError.message}`);
    return appError.code === 'invalid_input' ? 2 : 1;
  } finally {
    await index?.close();
  }
}

function parseSearchArguments(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      k: { type: 'string', short: 'k' },
      method: { type: 'string' },
      ...filterOptions,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help' as const;
  const query = positionals.join(' ').trim();
  if (query === '') throw new Error('Give a query, e.g. npm run search -- "Alibaba Cloud data location"');
  const k = values.k === undefined ? 10 : Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error('-k must be a whole number from 1 to 100');
  const method = (values.method ?? 'hybrid') as SearchMethod;
  if (!['hybrid', 'fulltext', 'vector'].includes(method))
    throw new Error('--method must be hybrid, fulltext or vector');
  const filters = filtersFromFlags(values);
  return {
    query,
    json: Boolean(values.json),
    options: {
      k,
      method,
      filters,
    },
  };
}
