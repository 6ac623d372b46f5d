/**
 * Makes a remote language model dependable enough to sit behind every surface: a timeout on the wait for the
 * response and between streamed chunks, and retries with exponential backoff on rate limits (429), server errors
 * (5xx), timeouts and network failures, honouring `Retry-After`. A failure that survives the retries surfaces as a
 * `ModelCallError` whose message says what happened; the answer engine then falls back to the local model.
 */
import { APICallError } from '@ai-sdk/provider';
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';

export interface ResilienceOptions {
  /** Extra attempts after the first. */
  maxRetries: number;
  /** Longest wait for a response, and between two streamed chunks. */
  timeoutMs: number;
  /** First backoff delay; doubled on each retry. */
  initialDelayMs?: number;
  /** Upper bound for any single wait, including a server's Retry-After. */
  maxDelayMs?: number;
}

const marker = Symbol.for('vendor-diligence.model-call-error');

/** A model call that failed for good; `message` is a short reason suitable for the answer record. */
export class ModelCallError extends Error {
  private readonly [marker] = true;
  readonly attempts: number;
  readonly statusCode?: number;

  constructor(message: string, options: { cause?: unknown; attempts: number; statusCode?: number }) {
    super(message, { cause: options.cause });
    this.name = 'ModelCallError';
    this.attempts = options.attempts;
    this.statusCode = options.statusCode;
  }

  static isInstance(value: unknown): value is ModelCallError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response from the model within ${timeoutMs} ms`);
    this.name = 'ModelTimeoutError';
  }
}

export class ResilientLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider: string;
  readonly modelId: string;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly inner: LanguageModelV3,
    private readonly options: ResilienceOptions,
  ) {
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.initialDelayMs = options.initialDelayMs ?? 300;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
  }

  get supportedUrls() {
    return this.inner.supportedUrls;
  }

  async doGenerate(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    return this.withRetries(callOptions, async (signal, disarm) => {
      const result = await this.inner.doGenerate({ ...callOptions, abortSignal: signal });
      disarm();
      return result;
    });
  }

  async doStream(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    return this.withRetries(callOptions, async (signal, disarm, rearm, controller) => {
      const result = await this.inner.doStream({ ...callOptions, abortSignal: signal });
      // The response has started; from here the timeout is the gap between chunks.
      rearm();
      const reader = result.stream.getReader();
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async pull(streamController) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              disarm();
              streamController.close();
              return;
            }
            rearm();
            streamController.enqueue(value);
          } catch (error) {
            disarm();
            streamController.error(
              controller.signal.reason instanceof ModelTimeoutError ? controller.signal.reason : error,
            );
          }
        },
        cancel(reason) {
          disarm();
          return reader.cancel(reason);
        },
      });
      return { ...result, stream };
    });
  }

  private async withRetries<T>(
    callOptions: LanguageModelV3CallOptions,
    attempt: (signal: AbortSignal, disarm: () => void, rearm: () => void, controller: AbortController) => Promise<T>,
  ): Promise<T> {
    const outer = callOptions.abortSignal;
    let lastError: unknown;
    const attempts = this.options.maxRetries + 1;
    for (let index = 0; index < attempts; index++) {
      if (outer?.aborted) throw outer.reason;
      const controller = new AbortController();
      const onOuterAbort = () => controller.abort(outer?.reason);
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const disarm = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        outer?.removeEventListener('abort', onOuterAbort);
      };
      const rearm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(
          () => controller.abort(new ModelTimeoutError(this.options.timeoutMs)),
          this.options.timeoutMs,
        );
        timer.unref?.();
      };
      rearm();
      try {
        return await attempt(controller.signal, disarm, rearm, controller);
      } catch (caught) {
        disarm();
        const error = controller.signal.reason instanceof ModelTimeoutError ? controller.signal.reason : caught;
        if (outer?.aborted) throw caught;
        lastError = error;
        if (!isRetryable(error) || index === attempts - 1) break;
        await sleep(this.delayFor(error, index), outer);
      }
    }
    throw toModelCallError(lastError, attempts);
  }

  private delayFor(error: unknown, retryIndex: number): number {
    const backoff = this.initialDelayMs * 2 ** retryIndex;
    const headers = APICallError.isInstance(error) ? error.responseHeaders : undefined;
    const retryAfterMs = Number.parseFloat(headers?.['retry-after-ms'] ?? '');
    const retryAfterSeconds = Number.parseFloat(headers?.['retry-after'] ?? '');
    const requested = Number.isFinite(retryAfterMs)
      ? retryAfterMs
      : Number.isFinite(retryAfterSeconds)
        ? retryAfterSeconds * 1000
        : undefined;
    return Math.min(this.maxDelayMs, Math.max(0, requested ?? backoff));
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof ModelTimeoutError) return true;
  if (APICallError.isInstance(error)) return error.isRetryable;
  // Connection refused or reset before any HTTP response.
  return error instanceof TypeError && /fetch failed|network|socket/i.test(error.message);
}

function toModelCallError(error: unknown, attempts: number): ModelCallError {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (error instanceof ModelTimeoutError) {
    return new ModelCallError(`timeout: ${error.message} (${tries})`, { cause: error, attempts });
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const what = status === 429 ? 'rate limited (HTTP 429)' : status ? `HTTP ${status}` : 'request failed';
    return new ModelCallError(`${what} from the model server after ${tries}: ${firstLine(error.message)}`, {
      cause: error,
      attempts,
      statusCode: status,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelCallError(`model call failed after ${tries}: ${firstLine(message)}`, { cause: error, attempts });
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
