/**
 * One error type for the whole application. Codes form a closed set; each maps to an HTTP status and says whether
 * its message is safe to show to a caller (internal errors are logged, not shown).
 */
const marker = Symbol.for('vendor-diligence.app-error');

export const errorCodes = {
  invalid_input: { status: 400, expose: true },
  invalid_config: { status: 500, expose: true },
  unauthorized: { status: 401, expose: true },
  forbidden: { status: 403, expose: true },
  not_found: { status: 404, expose: true },
  method_not_allowed: { status: 405, expose: true },
  payload_too_large: { status: 413, expose: true },
  unsupported_media_type: { status: 415, expose: true },
  rate_limited: { status: 429, expose: true },
  model_error: { status: 502, expose: true },
  not_configured: { status: 503, expose: true },
  index_not_ready: { status: 503, expose: true },
  /** A record could not be made durable (disk full, object store unreachable): nothing was kept, try again. */
  storage_unavailable: { status: 503, expose: true },
  /** Another process holds the ingest lock; the index it serves is unchanged. */
  ingest_locked: { status: 409, expose: true },
  unreadable_file: { status: 422, expose: true },
  internal: { status: 500, expose: false },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  private readonly [marker] = true;
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  /** The message a caller may see: internal failures are summarised, never leaked. */
  get publicMessage(): string {
    return errorCodes[this.code].expose ? this.message : 'An internal error occurred.';
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: {
        code: this.code,
        message: this.publicMessage,
        ...(this.details && errorCodes[this.code].expose ? { details: this.details } : {}),
      },
    };
  }

  static isInstance(value: unknown): value is AppError {
    return typeof value === 'object' && value !== null && marker in value;
  }

  /** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
  static from(value: unknown): AppError {
    if (AppError.isInstance(value)) return value;
    const message = value instanceof Error ? value.message : String(value);
    return new AppError('internal', message, { cause: value });
  }
}

/** Errors as values for pipelines that must keep going past a bad item (ingest, batch). */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
