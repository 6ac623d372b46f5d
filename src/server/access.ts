/**
 * Access control for `/api/*`: bearer keys for programmatic callers, public widget keys for embedding pages, CORS for
 * the origins those keys allow, and rate limits per widget key and per client address.
 *
 * - Without `API_KEYS` and `WIDGET_KEYS` the server is open (trusted local use): any origin may call it, and nothing is
 *   rate-limited unless `RATE_LIMIT_PER_MINUTE` or `RATE_LIMIT_PER_IP_PER_MINUTE` is set.
 * - With `API_KEYS`, a bearer key is required, except that a request carrying a valid widget key from one of that
 *   key's origins may use the widget's endpoints (chat, feedback, passages).
 * - With `WIDGET_KEYS`, a browser request from another origin must carry a widget key that allows that origin;
 *   anything else is refused with 403, and only allowed origins ever receive CORS headers.
 */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { ServerEnvironment } from './environment.js';
import { createRateLimiter } from './rate-limit.js';

/** The header the widget sends its public key in. */
export const widgetKeyHeader = 'x-widget-key';

/** Endpoints a widget key opens when `API_KEYS` is set. */
function isWidgetEndpoint(method: string, path: string): boolean {
  if (method === 'POST') return path === '/api/chat' || path === '/api/feedback';
  if (method === 'GET' || method === 'HEAD') return path.startsWith('/api/passages/');
  return false;
}

/** Endpoints that cost model time or storage, and so count against the rate limits. */
function isRateLimited(method: string, path: string): boolean {
  return method === 'POST' && (path === '/api/chat' || path === '/api/ask' || path === '/api/feedback');
}

export function accessControl(config: Config): MiddlewareHandler<ServerEnvironment> {
  const widgetKeysConfigured = Object.keys(config.widgetKeys).length > 0;
  const open = config.apiKeys.length === 0 && !widgetKeysConfigured;
  const perKey = createRateLimiter({ perMinute: config.rateLimitPerMinute });
  const perAddress = createRateLimiter({ perMinute: config.rateLimitPerIpPerMinute });

  /** Whether any configured widget key (or the open server) lets this origin make cross-origin calls. */
  const originAllowedByAnyKey = (origin: string) =>
    open || Object.values(config.widgetKeys).some((origins) => originMatches(origins, origin));

  return async (context, next) => {
    const path = context.req.path;
    if (!path.startsWith('/api/')) return next();
    const method = context.req.method;
    const origin = context.req.header('origin');
    const crossOrigin = origin !== undefined && !isOwnOrigin(context, config, origin);
    let corsOrigin: string | undefined;

    // Preflight carries no credentials or key, only the origin: answer it for origins some key allows.
    if (method === 'OPTIONS' && crossOrigin && context.req.header('access-control-request-method')) {
      if (!originAllowedByAnyKey(origin)) {
        throw new AppError('forbidden', `Origin ${origin} is not allowed to use this assistant.`);
      }
      setCorsHeaders(context, origin);
      context.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      context.header('Access-Control-Allow-Headers', `Content-Type, Authorization, X-Widget-Key`);
      context.header('Access-Control-Max-Age', '600');
      return context.body(null, 204);
    }

    const widgetKey = context.req.header(widgetKeyHeader)?.trim();
    const bearer = bearerKey(context.req.header('authorization'));
    const bearerValid = bearer !== undefined && config.apiKeys.some((key) => safeEqual(key, bearer));

    if (widgetKey && widgetKeysConfigured) {
      const origins = lookupWidgetKey(config.widgetKeys, widgetKey);
      if (!origins) throw new AppError('forbidden', 'Unknown widget key.');
      const pageOrigin = origin ?? refererOrigin(context.req.header('referer'));
      if (!pageOrigin) throw new AppError('forbidden', 'Widget requests must come from a web page (no Origin sent).');
      if (!originMatches(origins, pageOrigin)) {
        throw new AppError('forbidden', `Origin ${pageOrigin} is not allowed for this widget key.`);
      }
      if (crossOrigin) corsOrigin = setCorsHeaders(context, origin);
      context.set('widgetKey', widgetKey);
    } else if (crossOrigin) {
      if (widgetKeysConfigured && !bearerValid) {
        throw new AppError('forbidden', 'Requests from other web pages need a widget key for their origin.');
      }
      if (open) corsOrigin = setCorsHeaders(context, origin);
    }

    const viaWidgetKey = context.get('widgetKey') !== undefined;
    if (config.apiKeys.length > 0 && !bearerValid && !(viaWidgetKey && isWidgetEndpoint(method, path))) {
      throw new AppError('unauthorized', 'Send Authorization: Bearer <key> with one of the configured API_KEYS.');
    }

    if (isRateLimited(method, path) && !bearerValid && (!open || config.rateLimitConfigured)) {
      const keyDecision = viaWidgetKey ? perKey.take(widgetKey!) : { allowed: true, retryAfterSeconds: 0 };
      const addressDecision = perAddress.take(clientAddress(context, config));
      const blocked = [keyDecision, addressDecision].filter((decision) => !decision.allowed);
      if (blocked.length > 0) {
        const retryAfterSeconds = Math.max(...blocked.map((decision) => decision.retryAfterSeconds));
        throw new AppError(
          'rate_limited',
          `Too many questions in a short time; please try again in ${retryAfterSeconds} seconds.`,
          { details: { retryAfterSeconds } },
        );
      }
    }
    await next();
    // Handlers that return a ready-made Response (the chat stream) bypass headers prepared on the context.
    if (corsOrigin && !context.res.headers.has('access-control-allow-origin')) {
      context.res = new Response(context.res.body, context.res);
      for (const [name, value] of Object.entries(corsHeaders(corsOrigin))) context.res.headers.set(name, value);
    }
  };
}

function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' };
}

function setCorsHeaders(context: Context<ServerEnvironment>, origin: string): string {
  for (const [name, value] of Object.entries(corsHeaders(origin))) context.header(name, value);
  return origin;
}

function isOwnOrigin(context: Context<ServerEnvironment>, config: Config, origin: string): boolean {
  return origin === new URL(context.req.url).origin || origin === new URL(config.publicUrl).origin;
}

/** An allowed-origins list matches `*` or the exact origin (scheme, host and port; no trailing slash). */
export function originMatches(allowed: string[], origin: string): boolean {
  const normalized = origin.replace(/\/$/, '');
  return allowed.some((entry) => entry === '*' || entry === normalized);
}

/** The allowed origins of a widget key, compared in constant time so keys cannot be guessed by timing. */
export function lookupWidgetKey(keys: Record<string, string[]>, candidate: string): string[] | undefined {
  let found: string[] | undefined;
  for (const [key, origins] of Object.entries(keys)) {
    if (safeEqual(key, candidate)) found = origins;
  }
  return found;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}

/**
 * The caller's address. Behind N trusted proxies it is the Nth X-Forwarded-For entry from the right: each proxy
 * appends the address it was reached from, so entries further left are whatever the client chose to send.
 */
function clientAddress(context: Context<ServerEnvironment>, config: Pick<Config, 'trustedProxyHops'>): string {
  if (config.trustedProxyHops > 0) {
    const entries = (context.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const trusted = entries[Math.max(0, entries.length - config.trustedProxyHops)];
    if (trusted) return trusted;
  }
  try {
    return getConnInfo(context).remote.address ?? 'unknown';
  } catch {
    // In-process requests (app.request) have no socket.
    return 'unknown';
  }
}

function safeEqual(expected: string, actual: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(actual);
  return left.length === right.length && timingSafeEqual(left, right);
}
