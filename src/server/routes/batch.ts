/** Placeholder until the batch routes land. */
import { Hono } from 'hono';
import type { ServerEnvironment } from '../environment.js';

export function batchRoutes(): Hono<ServerEnvironment> {
  return new Hono<ServerEnvironment>();
}
