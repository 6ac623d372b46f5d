/** Placeholder until the slack routes land. */
import { Hono } from 'hono';
import type { ServerEnvironment } from '../environment.js';

export function slackRoutes(): Hono<ServerEnvironment> {
  return new Hono<ServerEnvironment>();
}
