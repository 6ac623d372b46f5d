/**
 * Every setting in one zod schema. `loadConfig` reads an environment-like record (plus CLI overrides) and returns
 * either a valid config or every problem at once, each naming the variable to set.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { modelIdPattern } from './models/model-id.js';
import { fulltextInMemoryUpTo } from './index/memory-fulltext.js';

/** From most to least talkative; a configured level shows its own messages and every level after it. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Whether a message at `level` is written when `configured` is the log level. */
export function logLevelEnabled(configured: LogLevel, level: Exclude<LogLevel, 'silent'>): boolean {
  return logLevels.indexOf(level) >= logLevels.indexOf(configured);
}

const modelId = (name: string) =>
  z.string().trim().regex(modelIdPattern, `${name} must be "local", "local:<variant>" or "openai:<model>"`);

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const jsonObject = z
  .string()
  .optional()
  .transform((value, context) => {
    if (!value || value.trim() === '') return {} as Record<string, string>;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return Object.fromEntries(Object.entries(parsed).map(([key, item]) => [key, String(item)]));
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object, e.g. {"region":"us-east-1"}' });
      return z.NEVER;
    }
  });

/**
 * Widget keys: `key1=https://a.example|https://b.example;key2=*`. Public keys, one per embedding site, each with the
 * origins allowed to use it.
 */
const widgetKeys = z
  .string()
  .optional()
  .transform((value, context) => {
    const keys: Record<string, string[]> = {};
    for (const entry of (value ?? '').split(';').map((item) => item.trim())) {
      if (entry === '') continue;
      const [key, origins] = entry.split('=');
      if (!key || !origins) {
        context.addIssue({ code: 'custom', message: 'must look like key1=https://a.example|https://b.example;key2=*' });
        return z.NEVER;
      }
      keys[key.trim()] = origins
        .split('|')
        .map((origin) => origin.trim().replace(/\/$/, ''))
        .filter(Boolean);
    }
    return keys;
  });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_URL: optionalString,
  DATA_DIR: z.string().default('./.data'),
  LANCEDB_URI: optionalString,
  LANCEDB_STORAGE_OPTIONS: jsonObject,
  /** How often a running process re-reads the index pointer to pick up an ingest made elsewhere; 0 = never. */
  INDEX_POLL_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  CORPUS_DIR: z.string().default('./corpus'),
  EMBEDDING_MODEL: modelId('EMBEDDING_MODEL').default('local'),
  /** Weight of the vector list in hybrid search fusion (full text has 1); 0 = full text only. 0.1 measured best with
   * the local GloVe model on the golden questions (0.3 already lost recall); a strong remote model merits more. */
  SEARCH_DENSE_WEIGHT: z.coerce.number().min(0).max(10).optional(),
  /** Pseudo-relevance feedback on hybrid search's full-text list (src/retrieve/feedback.ts): a second full-text query
   * with words of the best hits added. */
  SEARCH_FEEDBACK: z.enum(['on', 'off']).default('off'),
  /** Term proximity on hybrid search's full-text list (src/retrieve/proximity.ts): passages with the question's
   * neighbouring words close together rise. */
  SEARCH_PROXIMITY: z.enum(['on', 'off']).default('off'),
  /** Tables of up to this many passages are searched in memory (src/index/memory-fulltext.ts); 0 = always LanceDB's
   * full-text index. */
  FULLTEXT_IN_MEMORY_UP_TO: z.coerce.number().int().min(0).default(fulltextInMemoryUpTo),
  ANSWER_MODEL: modelId('ANSWER_MODEL').default('local'),
  EVAL_JUDGE_MODEL: z
    .string()
    .trim()
    .regex(/^(|local|openai:[^\s]+)$/, 'EVAL_JUDGE_MODEL must be "local" or "openai:<model>"')
    .optional(),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url({ message: 'OPENAI_BASE_URL must be a URL such as http://localhost:11434/v1' }).optional(),
  MODEL_TIMEOUT_MS: positiveInt(60_000),
  MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** The whole remote answer, retries and streaming included; past it the local model answers instead. */
  MODEL_DEADLINE_MS: positiveInt(90_000),
  LOCAL_STREAM_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(0),
  API_KEYS: list,
  WIDGET_KEYS: widgetKeys,
  RATE_LIMIT_PER_MINUTE: positiveInt(30),
  RATE_LIMIT_PER_IP_PER_MINUTE: positiveInt(60),
  /** How many proxies in front of the server append to X-Forwarded-For: `true` is one, `false` none. */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((value, context) => {
      if (value === '' || value === 'false') return 0;
      if (value === 'true') return 1;
      if (/^\d+$/.test(value) && Number(value) <= 20) return Number(value);
      context.addIssue({
        code: 'custom',
        message: 'must be true, false or the number of trusted proxies in front of the server (0-20)',
      });
      return z.NEVER;
    }),
  MAX_BODY_BYTES: positiveInt(1_000_000),
  BATCH_MAX_BYTES: positiveInt(20_000_000),
  /** Worker threads that answer a batch's rows; 0 or 1 answers in the main thread. Unset: one per core. */
  BATCH_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_COMMAND: z.string().default('/diligence'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  environment: RawConfig['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  lancedbUri: string;
  lancedbStorageOptions: Record<string, string>;
  /** Delay within which an ingest made by another process or machine is served (the pointer is polled). */
  indexPollIntervalMs: number;
  corpusDir: string;
  embeddingModel: string;
  /** Weight of the vector list in hybrid fusion; unset, retrieval picks it for the embedding model. */
  searchDenseWeight?: number;
  /** Whether hybrid search expands its full-text query with words of its best hits. */
  searchFeedback: boolean;
  /** Whether hybrid search re-ranks its full-text list by term proximity. */
  searchProximity: boolean;
  /** The largest table whose passages and full-text search are held in memory. */
  fulltextInMemoryUpTo: number;
  answerModel: string;
  evalJudgeModel?: string;
  openai: { apiKey?: string; baseUrl?: string };
  modelTimeoutMs: number;
  modelMaxRetries: number;
  modelDeadlineMs: number;
  /** Pause between the local model's streamed chunks: a typing effect for demos and for observing streaming. */
  localStreamDelayMs: number;
  apiKeys: string[];
  widgetKeys: Record<string, string[]>;
  rateLimitPerMinute: number;
  rateLimitPerIpPerMinute: number;
  /** Whether either rate limit was set; an open server (no keys) only limits when asked to. */
  rateLimitConfigured: boolean;
  /** Proxies whose X-Forwarded-For entries are trusted, counted from the right (0: use the socket's peer). */
  trustedProxyHops: number;
  maxBodyBytes: number;
  batchMaxBytes: number;
  /** Worker threads a batch answers its rows in (one per core by default); 0 or 1 keeps answering in-process. */
  batchWorkers: number;
  slack?: { signingSecret: string; botToken: string; apiUrl?: string; command: string };
  logLevel: RawConfig['LOG_LEVEL'];
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Reads settings from an environment-like record; `overrides` (from CLI flags) win over the environment. */
export function loadConfig(
  environment: Record<string, string | undefined>,
  overrides: Record<string, string | undefined> = {},
): ConfigResult {
  const input = Object.fromEntries(
    Object.entries({ ...environment, ...overrides }).filter(
      ([key, value]) => value !== undefined && key in configSchema.shape,
    ),
  );
  const parsed = configSchema.safeParse(input);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'config'), message: issue.message }))),
    ...crossFieldProblems(input),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  return {
    ok: true,
    config: {
      environment: raw.NODE_ENV,
      host: raw.HOST,
      port: raw.PORT,
      publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
      dataDir,
      lancedbUri: raw.LANCEDB_URI ?? path.join(dataDir, 'lancedb'),
      lancedbStorageOptions: raw.LANCEDB_STORAGE_OPTIONS,
      indexPollIntervalMs: raw.INDEX_POLL_INTERVAL_MS,
      corpusDir: path.resolve(raw.CORPUS_DIR),
      embeddingModel: raw.EMBEDDING_MODEL,
      searchDenseWeight: raw.SEARCH_DENSE_WEIGHT,
      searchFeedback: raw.SEARCH_FEEDBACK === 'on',
      searchProximity: raw.SEARCH_PROXIMITY === 'on',
      fulltextInMemoryUpTo: raw.FULLTEXT_IN_MEMORY_UP_TO,
      answerModel: raw.ANSWER_MODEL,
      evalJudgeModel: raw.EVAL_JUDGE_MODEL || undefined,
      openai: { apiKey: raw.OPENAI_API_KEY, baseUrl: raw.OPENAI_BASE_URL },
      modelTimeoutMs: raw.MODEL_TIMEOUT_MS,
      modelMaxRetries: raw.MODEL_MAX_RETRIES,
      modelDeadlineMs: raw.MODEL_DEADLINE_MS,
      localStreamDelayMs: raw.LOCAL_STREAM_DELAY_MS,
      apiKeys: raw.API_KEYS,
      widgetKeys: raw.WIDGET_KEYS,
      rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE,
      rateLimitPerIpPerMinute: raw.RATE_LIMIT_PER_IP_PER_MINUTE,
      rateLimitConfigured: ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_IP_PER_MINUTE'].some(
        (name) => (input[name] ?? '').trim() !== '',
      ),
      trustedProxyHops: raw.TRUST_PROXY,
      maxBodyBytes: raw.MAX_BODY_BYTES,
      batchMaxBytes: raw.BATCH_MAX_BYTES,
      batchWorkers: raw.BATCH_WORKERS ?? os.availableParallelism(),
      slack:
        raw.SLACK_SIGNING_SECRET && raw.SLACK_BOT_TOKEN
          ? {
              signingSecret: raw.SLACK_SIGNING_SECRET,
              botToken: raw.SLACK_BOT_TOKEN,
              apiUrl: raw.SLACK_API_URL,
              command: raw.SLACK_COMMAND,
            }
          : undefined,
      logLevel: raw.LOG_LEVEL,
    },
  };
}

/** Rules that involve several settings; checked on the raw input so they are reported with every other problem. */
function crossFieldProblems(input: Record<string, string | undefined>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const present = (name: string) => (input[name] ?? '').trim() !== '';
  const needsOpenAI = ['EMBEDDING_MODEL', 'ANSWER_MODEL', 'EVAL_JUDGE_MODEL'].some((name) =>
    (input[name] ?? '').trim().startsWith('openai:'),
  );
  if (needsOpenAI && !present('OPENAI_API_KEY') && !present('OPENAI_BASE_URL')) {
    problems.push({
      variable: 'OPENAI_API_KEY',
      message:
        'an openai:<model> is configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)',
    });
  }
  if (present('SLACK_SIGNING_SECRET') !== present('SLACK_BOT_TOKEN')) {
    problems.push({
      variable: present('SLACK_SIGNING_SECRET') ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET',
      message: 'Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or neither to keep Slack off)',
    });
  }
  return problems;
}

/** Formats config problems for a terminal: one line per variable, with what to set. */
export function formatConfigProblems(problems: ConfigProblem[]): string {
  return [
    'Configuration is invalid; fix these settings and start again:',
    ...problems.map((problem) => `  - ${problem.variable}: ${problem.message}`),
  ].join('\n');
}

/** A config for tests and in-process use, from defaults plus the given settings. Throws on invalid settings. */
export function testConfig(settings: Record<string, string> = {}): Config {
  const result = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...settings });
  if (!result.ok) throw new Error(formatConfigProblems(result.problems));
  return result.config;
}
