/**
 * The widget's HTTP client: `/api/chat` (streamed), `/api/passages/:id` and `/api/feedback`. Sends the public widget
 * key and never cookies; failures become a `WidgetError` whose kind decides what the user is shown.
 */
import { readChunks, type StreamChunk } from './event-stream.js';
import type { PassageView } from './types.js';

export type WidgetErrorKind = 'network' | 'rate_limited' | 'forbidden' | 'unavailable' | 'server' | 'aborted';

export class WidgetError extends Error {
  constructor(
    readonly kind: WidgetErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'WidgetError';
  }
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ClientOptions {
  apiBase: string;
  widgetKey?: string;
}

export interface WidgetClient {
  chat(options: { conversationId: string; turns: ChatTurn[]; signal: AbortSignal }): AsyncGenerator<StreamChunk>;
  passage(id: string): Promise<PassageView>;
  feedback(feedback: { answerId: string; rating: 'up' | 'down'; comment?: string }): Promise<void>;
}

export function createClient(options: ClientOptions): WidgetClient {
  const base = options.apiBase.replace(/\/$/, '');
  const headers = (json: boolean): Record<string, string> => ({
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...(options.widgetKey ? { 'X-Widget-Key': options.widgetKey } : {}),
  });

  const request = async (path: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      // The page's origin is always sent (even on same-origin GETs) so the server can check the widget key's origins.
      response = await fetch(`${base}${path}`, {
        ...init,
        credentials: 'omit',
        mode: 'cors',
        referrerPolicy: 'origin',
      });
    } catch (error) {
      if (init.signal?.aborted) throw new WidgetError('aborted', 'Stopped.');
      throw new WidgetError('network', 'The assistant could not be reached.', undefined);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  };

  return {
    async *chat({ conversationId, turns, signal }) {
      const messages = turns.map((turn, index) => ({
        id: `${conversationId}-${index}`,
        role: turn.role,
        parts: [{ type: 'text', text: turn.text }],
      }));
      const response = await request('/api/chat', {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify({ id: conversationId, messages, trigger: 'submit-message' }),
        signal,
      });
      if (!response.body) throw new WidgetError('server', 'The assistant sent an empty response.');
      try {
        yield* readChunks(response.body);
      } catch (error) {
        if (signal.aborted) throw new WidgetError('aborted', 'Stopped.');
        throw new WidgetError('network', 'The connection was lost while the answer was streaming.');
      }
    },

    async passage(id) {
      const response = await request(`/api/passages/${encodeURIComponent(id)}`, { headers: headers(false) });
      const body = (await response.json()) as { passage: PassageView };
      return body.passage;
    },

    async feedback(feedback) {
      await request('/api/feedback', { method: 'POST', headers: headers(true), body: JSON.stringify(feedback) });
    },
  };
}

async function errorFromResponse(response: Response): Promise<WidgetError> {
  let message = '';
  let retryAfter: number | undefined;
  try {
    const body = (await response.json()) as { error?: { message?: string; details?: { retryAfterSeconds?: number } } };
    message = body.error?.message ?? '';
    retryAfter = body.error?.details?.retryAfterSeconds;
  } catch {
    // Not JSON (a proxy page, for instance): the status alone decides.
  }
  if (response.status === 429) {
    const header = Number(response.headers.get('retry-after'));
    const seconds = Number.isFinite(header) && header > 0 ? header : (retryAfter ?? 30);
    return new WidgetError('rate_limited', message || 'Too many questions in a short time.', Math.ceil(seconds));
  }
  if (response.status === 401 || response.status === 403) {
    return new WidgetError('forbidden', message || 'This site is not allowed to use the assistant.');
  }
  if (response.status === 503) return new WidgetError('unavailable', message || 'The assistant is not ready yet.');
  return new WidgetError('server', message || `The assistant failed (HTTP ${response.status}).`);
}
