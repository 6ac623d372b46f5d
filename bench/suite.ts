/**
 * The benchmark contract: a suite is a `bench/<name>.bench.ts` module exporting `suite`, whose `run` returns rows of
 * measurements. Each row may carry a same-run peer (so results are ratios, robust to a noisy machine) and a target.
 * Also the config a suite runs under, and the small statistics and memory helpers every suite needs.
 */
import { formatConfigProblems, loadConfig, testConfig, type Config } from '../src/config.js';

export interface BenchRow {
  /** What was measured, e.g. "100k passages". */
  scenario: string;
  /** The subject and metric, e.g. "hybrid search p50". */
  metric: string;
  value: number;
  unit: string;
  /** The same measurement of a peer in the same run. */
  peer?: { name: string; value: number };
  /**
   * A bound from the issue: { max: 10 } for "p50 <= 10 ms"; { maxRatio: 1 } for "no slower than the peer";
   * { minRatio: 0.9 } for "at least 90% of the peer".
   */
  target?: { max?: number; min?: number; maxRatio?: number; minRatio?: number };
}

export interface BenchContext {
  config: Config;
  /** Arguments after the suite name. */
  argv: string[];
  /** Progress lines (stderr), so the table on stdout stays clean. */
  log(message: string): void;
}

export interface BenchSuiteResult {
  rows: BenchRow[];
  notes?: string[];
}

export interface BenchSuite {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchSuiteResult>;
}

/**
 * The config a suite runs under: its own data folder and corpus, the caller's embedding model and dense weight (and
 * OpenAI key and base URL), silent logs and no rate limits (benchmarks send far more than a user would). `extra` wins.
 */
export function benchConfig(
  config: Config,
  options: { dataDirectory: string; corpusDirectory: string; extra?: Record<string, string> },
): Config {
  return testConfig({
    NODE_ENV: 'production',
    DATA_DIR: options.dataDirectory,
    CORPUS_DIR: options.corpusDirectory,
    EMBEDDING_MODEL: config.embeddingModel,
    ...(config.searchDenseWeight !== undefined ? { SEARCH_DENSE_WEIGHT: String(config.searchDenseWeight) } : {}),
    FULLTEXT_IN_MEMORY_UP_TO: String(config.fulltextInMemoryUpTo),
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    ...(config.openai.apiKey ? { OPENAI_API_KEY: config.openai.apiKey } : {}),
    ...(config.openai.baseUrl ? { OPENAI_BASE_URL: config.openai.baseUrl } : {}),
    ...options.extra,
  });
}

/**
 * For a process a suite runs beside itself (the project alone, apart from the bench's copies): its data and corpus
 * folders from the command line and the bench's settings from the same environment; exits with the usage or the
 * settings' problems otherwise.
 */
export function benchProcessConfig(usage: string): Config {
  const [dataDirectory, corpusDirectory] = process.argv.slice(2);
  if (!dataDirectory || !corpusDirectory) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(formatConfigProblems(loaded.problems));
    process.exit(2);
  }
  return benchConfig(loaded.config, { dataDirectory, corpusDirectory });
}

/** The value after `name` in a suite's arguments (`--sizes 10000`), if given. */
export function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[position]!;
}

export function passes(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  if (row.target.max !== undefined && !(row.value <= row.target.max)) return false;
  if (row.target.min !== undefined && !(row.value >= row.target.min)) return false;
  if (row.target.maxRatio !== undefined && !(row.peer && row.value <= row.target.maxRatio * row.peer.value))
    return false;
  if (row.target.minRatio !== undefined && !(row.peer && row.value >= row.target.minRatio * row.peer.value))
    return false;
  return true;
}

/** Samples resident memory while work runs; `process.resourceUsage().maxRSS` covers the whole process instead. */
export function trackPeakMemory(intervalMs = 25): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** One row on one line, for progress logs: the scenario, metric and value, and the peer's value beside it. */
export function formatRow(row: BenchRow): string {
  const peer = row.peer ? `; ${row.peer.name}: ${formatNumber(row.peer.value)} ${row.unit}` : '';
  return `${row.scenario}, ${row.metric}: ${formatNumber(row.value)} ${row.unit}${peer}`;
}

export const megabytes = (bytes: number) => bytes / (1024 * 1024);

/** A seeded generator (mulberry32), so every run uses the same passages and queries. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
