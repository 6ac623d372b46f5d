/** Placeholder until the widget routes land. */
import { Hono } from 'hono';
import type { ServerEnvironment } from '../environment.js';

export function widgetRoutes(): Hono<ServerEnvironment> {
  return new Hono<ServerEnvironment>();
}
