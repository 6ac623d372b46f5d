/**
 * Access control for `/api/*`: when `API_KEYS` is set, a bearer key is required; without it the server is open
 * (local use).
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { ServerEnvironment } from './environment.js';

export function accessControl(config: Config): MiddlewareHandler<ServerEnvironment> {
  return async (context, next) => {
    if (!context.req.path.startsWith('/api/') || config.apiKeys.length === 0) return next();
    const header = context.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !config.apiKeys.some((key) => safeEqual(key, match[1]!.trim()))) {
      throw new AppError('unauthorized', 'Send Authorization: Bearer <key> with one of the configured API_KEYS.');
    }
    return next();
  };
}

function safeEqual(expected: string, actual: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(actual);
  return left.length === right.length && timingSafeEqual(left, right);
}
