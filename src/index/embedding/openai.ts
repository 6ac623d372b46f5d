/**
 * Remote embeddings from OpenAI or any OpenAI-compatible server (`POST {baseURL}/embeddings`), through the AI SDK's
 * OpenAI provider. Adds what a bulk ingest needs on top of it: requests sized to the API's limits (at most 2,048
 * inputs and well under 300k tokens each), retries with back-off on 429 and 5xx (honouring Retry-After), a timeout
 * per request, and vectors returned in input order whatever order the server lists them in.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, type EmbeddingModelV3, type EmbeddingModelV3Result } from '@ai-sdk/provider';
import { AppError } from '../../errors.js';

export interface OpenAIEmbeddingOptions {
  /** The server's model name, e.g. `text-embedding-3-small`. */
  model: string;
  /** Ask for shortened vectors (text-embedding-3 models); the server default otherwise. */
  dimensions?: number;
  apiKey?: string;
  baseUrl?: string;
  maxRetries?: number;
  timeoutMs?: number;
  maxInputsPerRequest?: number;
  /** Budget per request in estimated tokens; the API rejects requests over 300k. */
  maxTokensPerRequest?: number;
  /** First back-off delay; doubles on each retry. */
  retryBaseDelayMs?: number;
  /** Requests in flight at once during a large call. */
  concurrency?: number;
  fetch?: typeof globalThis.fetch;
}

/** Vector lengths of OpenAI's own models, so their ids can name the dimensions before the first call. */
const knownDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

const maxDelayMs = 30_000;

/**
 * Upper-bound token estimate without a tokenizer: about 4 bytes of English per token, and CJK text (3 UTF-8 bytes
 * per character) rarely more than one token per character; 3 bytes per token over-counts both, which is the safe
 * side for a request limit.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) + 1;
}

/** Splits values into request-sized batches, keeping order. */
export function planBatches(values: string[], maxInputs: number, maxTokens: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const value of values) {
    const cost = estimateTokens(value);
    if (current.length > 0 && (current.length >= maxInputs || tokens + cost > maxTokens)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(value);
    tokens += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function retryDelayMs(error: APICallError, attempt: number, baseDelayMs: number): number {
  const headers = error.responseHeaders ?? {};
  const milliseconds = Number(headers['retry-after-ms']);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.min(milliseconds, maxDelayMs);
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(delay) && delay >= 0) return Math.min(delay, maxDelayMs);
  }
  // Jitter keeps parallel ingests from retrying in lockstep.
  return Math.min(baseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5), maxDelayMs);
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Server responses carry `index` per item; order by it rather than trusting list order. */
function orderedEmbeddings(result: EmbeddingModelV3Result): number[][] {
  const body = result.response?.body as { data?: { index?: unknown }[] } | undefined;
  const indices = body?.data?.map((item) => item.index);
  if (!indices || indices.length !== result.embeddings.length || !indices.every((index) => typeof index === 'number')) {
    return result.embeddings;
  }
  const ordered: number[][] = new Array(result.embeddings.length);
  indices.forEach((index, position) => {
    ordered[index as number] = result.embeddings[position]!;
  });
  return ordered.some((embedding) => embedding === undefined) ? result.embeddings : ordered;
}

export class OpenAIEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'openai';
  readonly modelId: string;
  /** Known in advance for OpenAI's models or when requested; otherwise learnt from the first response. */
  dimensions: number | undefined;
  readonly maxEmbeddingsPerCall = Infinity;
  readonly supportsParallelCalls = true;
  private readonly inner: EmbeddingModelV3;
  private readonly options: Required<
    Pick<
      OpenAIEmbeddingOptions,
      'maxRetries' | 'timeoutMs' | 'maxInputsPerRequest' | 'maxTokensPerRequest' | 'retryBaseDelayMs' | 'concurrency'
    >
  > &
    OpenAIEmbeddingOptions;

  constructor(options: OpenAIEmbeddingOptions) {
    if (!options.apiKey && !options.baseUrl) {
      throw new AppError(
        'not_configured',
        `embedding model openai:${options.model} needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)`,
      );
    }
    this.options = {
      maxRetries: 2,
      timeoutMs: 60_000,
      maxInputsPerRequest: 2048,
      maxTokensPerRequest: 200_000,
      retryBaseDelayMs: 500,
      concurrency: 2,
      ...options,
    };
    this.dimensions = options.dimensions ?? knownDimensions[options.model];
    this.modelId = `${options.model}${this.dimensions ? `@${this.dimensions}` : ''}`;
    const provider = createOpenAI({
      // A local OpenAI-compatible server usually ignores the key, but the SDK insists on one.
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseUrl,
      fetch: options.fetch,
    });
    this.inner = provider.embedding(options.model);
  }

  async doEmbed(options: {
    values: string[];
    abortSignal?: AbortSignal;
    headers?: Record<string, string>;
  }): Promise<EmbeddingModelV3Result> {
    const batches = planBatches(options.values, this.options.maxInputsPerRequest, this.options.maxTokensPerRequest);
    const results: number[][][] = new Array(batches.length);
    let tokens = 0;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const position = next++;
        const result = await this.embedBatch(batches[position]!, options.abortSignal, options.headers);
        results[position] = result.embeddings;
        tokens += result.usage?.tokens ?? 0;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batches.length) }, worker));
    const embeddings = results.flat();
    if (embeddings[0]) this.dimensions ??= embeddings[0].length;
    return { embeddings, usage: { tokens }, warnings: [] };
  }

  private async embedBatch(
    values: string[],
    signal: AbortSignal | undefined,
    headers: Record<string, string> | undefined,
  ): Promise<EmbeddingModelV3Result> {
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(this.options.timeoutMs);
      try {
        const result = await this.inner.doEmbed({
          values,
          abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          headers,
          providerOptions: this.options.dimensions ? { openai: { dimensions: this.options.dimensions } } : undefined,
        });
        if (result.embeddings.length !== values.length) {
          throw new AppError(
            'model_error',
            `${this.modelId} returned ${result.embeddings.length} embeddings for ${values.length} inputs`,
          );
        }
        return { ...result, embeddings: orderedEmbeddings(result) };
      } catch (error) {
        if (signal?.aborted) throw error;
        const retryable =
          (APICallError.isInstance(error) && error.isRetryable) || (timeout.aborted && !AppError.isInstance(error));
        if (!retryable || attempt >= this.options.maxRetries) {
          if (AppError.isInstance(error)) throw error;
          const status = APICallError.isInstance(error) && error.statusCode ? ` (HTTP ${error.statusCode})` : '';
          const reason = timeout.aborted ? `timed out after ${this.options.timeoutMs} ms` : (error as Error).message;
          throw new AppError('model_error', `embedding with ${this.modelId} failed${status}: ${reason}`, {
            cause: error,
          });
        }
        const delay = APICallError.isInstance(error)
          ? retryDelayMs(error, attempt, this.options.retryBaseDelayMs)
          : this.options.retryBaseDelayMs * 2 ** attempt;
        await sleep(delay, signal);
      }
    }
  }
}
