/** Placeholder until the answers routes land. */
import { Hono } from 'hono';
import type { ServerEnvironment } from '../environment.js';

export function answerRoutes(): Hono<ServerEnvironment> {
  return new Hono<ServerEnvironment>();
}
