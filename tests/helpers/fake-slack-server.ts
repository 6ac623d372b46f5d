/**
 * A local Slack Web API over real HTTP for tests: speaks `POST /api/<method>` (form-encoded or JSON, bearer token)
 * and `POST /response/<id>` (response URLs), records every call, keeps the messages posted into threads so
 * `conversations.replies` returns them, and can be told to answer the next call of a method with HTTP 429
 * `ratelimited` and a `Retry-After` header.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response_url` for posts to a response URL. */
  method: string;
  path: string;
  params: Record<string, unknown>;
  token?: string;
  /** HTTP status the fake answered with. */
  status: number;
  receivedAt: number;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  blocks?: unknown[];
}

export interface FakeSlackServer {
  /** Base URL for the client's `slackApiUrl` (`SLACK_API_URL`), with the trailing slash. */
  apiUrl: string;
  /** A response URL the fake accepts (slash commands, interactions). */
  responseUrl(id: string): string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Messages by channel, as the fake's `conversations.replies` will return them. */
  messages: StoredMessage[];
  /** Adds a message as if a user had posted it; returns its ts. */
  addUserMessage(message: { channel: string; user: string; text: string; thread_ts?: string }): string;
  /** The next `count` calls to `method` answer 429 `ratelimited` with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(method: string, retryAfterSeconds: number, count?: number): void;
  /** The next calls to `method` answer `{ ok: false, error }` (HTTP 200, as Slack does). */
  failNext(method: string, error: string, count?: number): void;
  reset(): void;
  close(): Promise<void>;
}

export const fakeBotUserId = 'UBOT0001';
export const fakeBotId = 'BBOT0001';

export async function startFakeSlackServer(): Promise<FakeSlackServer> {
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const rateLimits = new Map<string, { retryAfterSeconds: number; count: number }>();
  const failures = new Map<string, { error: string; count: number }>();
  let clock = 1_700_000_000;
  let sequence = 0;
  const nextTs = () => `${clock + ++sequence}.${String(sequence).padStart(6, '0')}`;

  const server: Server = createServer((request, response) => {
    void text(request).then((raw) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const isResponseUrl = url.pathname.startsWith('/response/');
      const method = isResponseUrl ? 'response_url' : url.pathname.replace(/^\/api\//, '');
      const params = parseParams(raw, request.headers['content-type'] ?? '');
      const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? (params.token as string);
      const call: RecordedCall = { method, path: url.pathname, params, token, status: 200, receivedAt: Date.now() };
      calls.push(call);

      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        call.status = status;
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      };

      const limit = rateLimits.get(method);
      if (limit && limit.count > 0) {
        limit.count--;
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfterSeconds) });
      }
      const failure = failures.get(method);
      if (failure && failure.count > 0) {
        failure.count--;
        return send(200, { ok: false, error: failure.error });
      }
      if (isResponseUrl) return send(200, { ok: true });
      if (!token) return send(200, { ok: false, error: 'not_authed' });
      return send(200, answer(method, params));
    });
  });

  function answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: fakeBotUserId, bot_id: fakeBotId, team_id: 'T0001', user: 'diligence' };
      case 'chat.postMessage': {
        const message: StoredMessage = {
          ts: nextTs(),
          channel: String(params.channel),
          thread_ts: params.thread_ts as string | undefined,
          text: params.text as string | undefined,
          blocks: params.blocks as unknown[] | undefined,
          user: fakeBotUserId,
          bot_id: fakeBotId,
        };
        messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message };
      }
      case 'chat.update': {
        const message = messages.find((item) => item.channel === params.channel && item.ts === params.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = params.text as string | undefined;
        message.blocks = params.blocks as unknown[] | undefined;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.replies': {
        const threadTs = String(params.ts);
        const thread = messages
          .filter((item) => item.channel === params.channel && (item.ts === threadTs || item.thread_ts === threadTs))
          .sort((left, right) => Number(left.ts) - Number(right.ts));
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages: thread, has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages,
    addUserMessage(message) {
      const ts = nextTs();
      messages.push({ ...message, ts });
      return ts;
    },
    rateLimitNext(method, retryAfterSeconds, count = 1) {
      rateLimits.set(method, { retryAfterSeconds, count });
    },
    failNext(method, error, count = 1) {
      failures.set(method, { error, count });
    },
    reset() {
      calls.length = 0;
      messages.length = 0;
      rateLimits.clear();
      failures.clear();
      clock += 1_000;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Form fields holding JSON (blocks, attachments) are decoded the way Slack does. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
