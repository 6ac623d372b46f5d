/**
 * Makes a remote language model dependable enough to sit behind every surface: a timeout on the wait for the
 * response and between streamed chunks, an overall deadline for the whole call, and retries with exponential backoff
 * on rate limits (429), server errors (5xx), timeouts, network failures and malformed answers, honouring
 * `Retry-After`. A failure that survives the retries surfaces as a `ModelCallError` whose message is one readable
 * line saying what happened and after how many attempts; the answer engine then falls back to the local model.
 *
 * An OpenAI-compatible server can answer 200 and still send no answer: an HTML error page from a proxy, a JSON body
 * where a stream was asked for, an empty stream, or error events inside the stream. Until the first piece of answer
 * text arrives nothing has reached the caller, so such a response is a failed attempt like any other and is retried;
 * after that, a broken stream ends the call with a `ModelCallError`.
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
  /** Longest time for the whole call, retries and streaming included; a slow drip cannot hold a caller longer. */
  deadlineMs?: number;
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

class ModelDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the model did not finish its answer within the ${deadlineMs} ms deadline`);
    this.name = 'ModelDeadlineError';
  }
}

/** A 200 response that carried no usable answer (wrong content type, empty stream, error events). */
class MalformedResponseError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'MalformedResponseError';
  }
}

/** One attempt's abort signal and the timers that fire it. */
interface Attempt {
  signal: AbortSignal;
  /** Restarts the timeout: called when the response starts and on every chunk. */
  rearm(): void;
  /** Stops the timers and lets go of the caller's signal: the call is over. */
  disarm(): void;
  /** The timeout or deadline that aborted this attempt, if one did. */
  expired(): ModelTimeoutError | ModelDeadlineError | undefined;
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
    return this.withRetries(callOptions, async (attempt) => {
      const result = await this.inner.doGenerate({ ...callOptions, abortSignal: attempt.signal });
      attempt.disarm();
      return result;
    });
  }

  async doStream(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    let attemptsMade = 0;
    return this.withRetries(callOptions, async (attempt, attemptNumber) => {
      attemptsMade = attemptNumber;
      const result = await this.inner.doStream({ ...callOptions, abortSignal: attempt.signal });
      // The response has started; from here the timeout is the gap between chunks.
      attempt.rearm();
      const reader = result.stream.getReader();
      const held = await readUntilContent(reader, attempt, contentType(result.response?.headers));
      const fail = (error: unknown) => toModelCallError(attempt.expired() ?? error, attemptsMade, 'after-content');
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(streamController) {
          for (const part of held) streamController.enqueue(part);
        },
        async pull(streamController) {
          try {
            const { done, value } = await reader.read();
            if (done) {
              attempt.disarm();
              streamController.close();
              return;
            }
            attempt.rearm();
            if (value.type === 'error') {
              attempt.disarm();
              await reader.cancel().catch(() => undefined);
              streamController.error(fail(new MalformedResponseError(streamErrorMessage(value.error))));
              return;
            }
            streamController.enqueue(value);
          } catch (error) {
            attempt.disarm();
            streamController.error(fail(error));
          }
        },
        cancel(reason) {
          attempt.disarm();
          return reader.cancel(reason);
        },
      });
      return { ...result, stream };
    });
  }

  private async withRetries<T>(
    callOptions: LanguageModelV3CallOptions,
    run: (attempt: Attempt, attemptNumber: number) => Promise<T>,
  ): Promise<T> {
    const outer = callOptions.abortSignal;
    const deadlineAt = this.options.deadlineMs === undefined ? Infinity : Date.now() + this.options.deadlineMs;
    let lastError: unknown;
    let attemptsMade = 0;
    const attempts = this.options.maxRetries + 1;
    for (let index = 0; index < attempts; index++) {
      if (outer?.aborted) throw outer.reason;
      attemptsMade = index + 1;
      const attempt = this.startAttempt(outer, deadlineAt);
      try {
        return await run(attempt, attemptsMade);
      } catch (caught) {
        attempt.disarm();
        if (outer?.aborted) throw caught;
        const error = attempt.expired() ?? caught;
        lastError = error;
        if (!isRetryable(error) || index === attempts - 1) break;
        const delay = this.delayFor(error, index);
        // A retry that could not start before the deadline would only delay the fallback; the reason stays the
        // failure that was seen.
        if (Date.now() + delay >= deadlineAt) break;
        await sleep(delay, outer);
      }
    }
    throw toModelCallError(lastError, attemptsMade, 'before-content');
  }

  private startAttempt(outer: AbortSignal | undefined, deadlineAt: number): Attempt {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let expiry: ModelTimeoutError | ModelDeadlineError | undefined;
    const disarm = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      outer?.removeEventListener('abort', onOuterAbort);
    };
    const rearm = () => {
      if (timer) clearTimeout(timer);
      const untilDeadline = deadlineAt - Date.now();
      const byDeadline = untilDeadline <= this.options.timeoutMs;
      timer = setTimeout(
        () => {
          expiry = byDeadline
            ? new ModelDeadlineError(this.options.deadlineMs ?? 0)
            : new ModelTimeoutError(this.options.timeoutMs);
          controller.abort(expiry);
        },
        Math.max(0, byDeadline ? untilDeadline : this.options.timeoutMs),
      );
      timer.unref?.();
    };
    rearm();
    return { signal: controller.signal, rearm, disarm, expired: () => expiry };
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

/**
 * Reads the stream up to and including its first piece of answer text, holding back what came before it, so that a
 * response without any answer fails this attempt (and can be retried) instead of reaching the caller as an empty
 * answer.
 */
async function readUntilContent(
  reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>,
  attempt: Attempt,
  type: string | undefined,
): Promise<LanguageModelV3StreamPart[]> {
  const held: LanguageModelV3StreamPart[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        throw new MalformedResponseError(
          type && !/event-stream/i.test(type)
            ? `the model server answered with ${type} instead of an event stream, and no answer text`
            : 'the model server ended its stream without any answer text',
        );
      }
      attempt.rearm();
      if (value.type === 'error') throw new MalformedResponseError(streamErrorMessage(value.error));
      held.push(value);
      if ((value.type === 'text-delta' && value.delta !== '') || value.type === 'tool-call') return held;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

function contentType(headers: Record<string, string | undefined> | undefined): string | undefined {
  const value = headers?.['content-type'];
  return value ? value.split(';')[0]!.trim() : undefined;
}

function streamErrorMessage(error: unknown): string {
  return `the model server sent an error in its stream: ${describeError(error)}`;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof ModelTimeoutError || error instanceof MalformedResponseError) return true;
  if (error instanceof ModelDeadlineError) return false;
  if (APICallError.isInstance(error)) return error.isRetryable;
  // Connection refused or reset before any HTTP response.
  return error instanceof TypeError && /fetch failed|network|socket|terminated/i.test(error.message);
}

function toModelCallError(error: unknown, attempts: number, phase: 'before-content' | 'after-content'): ModelCallError {
  if (ModelCallError.isInstance(error)) return error;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  // A stream that broke after its answer had started is reported as such: the caller has seen part of the text.
  const when = phase === 'after-content' ? `mid-answer, after ${tries}` : `after ${tries}`;
  if (error instanceof ModelTimeoutError || error instanceof ModelDeadlineError) {
    return new ModelCallError(`timeout: ${error.message} (${when})`, { cause: error, attempts });
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const what = status === 429 ? 'rate limited (HTTP 429)' : status ? `HTTP ${status}` : 'request failed';
    return new ModelCallError(`${what} from the model server ${when}: ${describeError(error)}`, {
      cause: error,
      attempts,
      statusCode: status,
    });
  }
  return new ModelCallError(`model call failed ${when}: ${describeError(error)}`, { cause: error, attempts });
}

/**
 * One readable line for anything a provider may throw or put in an error event: an Error, a server's `{ message }`
 * object, a string, or something else entirely, never `[object Object]`.
 */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof Error) text = error.message || error.name;
  else if (typeof error === 'string') text = error;
  else if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') text = message;
    else {
      try {
        text = JSON.stringify(error) ?? 'unknown error';
      } catch {
        text = 'unknown error';
      }
    }
  } else text = String(error);
  const line = (text.split('\n').find((candidate) => candidate.trim() !== '') ?? '').trim();
  return (line || 'unknown error').slice(0, 200);
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
