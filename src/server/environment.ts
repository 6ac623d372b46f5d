/** Variables shared by middleware and routes through Hono's context. */
import type { RequestIdVariables } from 'hono/request-id';
import type { Assistant } from '../assistant.js';

export interface ServerEnvironment {
  Variables: RequestIdVariables & {
    assistant: Assistant;
    /** Set by access control when a request came through a widget key. */
    widgetKey?: string;
  };
}
