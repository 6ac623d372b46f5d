/**
 * A local OpenAI-compatible server over real HTTP for tests and benchmarks: streaming and non-streaming chat
 * completions (`POST /v1/chat/completions`) and embeddings (`POST /v1/embeddings`). Its behaviour can be scripted
 * per request: answer 429 (with Retry-After) or 500, hang past the client's timeout, wait before the first token,
 * drip tokens slowly, or break the protocol (HTML or JSON with 200, an empty or malformed stream, error events, a
 * connection dropped mid-answer).
 * By default it answers with the first sentence of passage [1] of the prompt, cited, so answers verify.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export type FakeBehaviour =
  | { kind: 'status'; status: number; retryAfterMs?: number; message?: string }
  /** Accepts the request and never answers (the client's timeout must fire). */
  | { kind: 'hang' }
  /** Answers normally, with this text instead of the default (and, if given, this pause between chunks). */
  | { kind: 'reply'; text: string; chunkDelayMs?: number }
  /** 200 with a body that is not an event stream: an HTML page (a proxy's error page) or a plain JSON completion. */
  | { kind: 'html' }
  | { kind: 'json' }
  /** 200 event stream that ends without any chunk, or with only `[DONE]`. */
  | { kind: 'empty'; done?: boolean }
  /** 200 event stream whose chunks are not JSON. */
  | { kind: 'malformed' }
  /** 200 event stream carrying an `{"error": {...}}` event, optionally after some answer text. */
  | { kind: 'error-event'; afterText?: string }
  /** Streams the start of this text, then drops the connection. */
  | { kind: 'cut'; text: string };

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
  receivedAt: number;
}

export interface FakeOpenAIServer {
  /** For `OPENAI_BASE_URL`, e.g. http://127.0.0.1:1234/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  /** Behaviours for the next chat requests, in order; afterwards the default reply. */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Delay before the first streamed token (headers are sent at once). */
  firstTokenDelayMs: number;
  /** Delay between streamed chunks. */
  chunkDelayMs: number;
  /** Default reply when nothing is queued; gets the user message text. */
  reply: (userText: string) => string;
  /** The vector for one embeddings input (default: normalised word hashing, so equal words meet). */
  embed: (input: string, dimensions: number) => number[];
  /** The most chat completions open at once since the start or the last reset. */
  mostChatsAtOnce: number;
  reset(): void;
  close(): Promise<void>;
}

/** The default answer: the first sentence of passage [1], cited. */
export function citeFirstPassage(userText: string): string {
  const match = /<passage n="1"[^>]*>\n([\s\S]*?)\n<\/passage>/.exec(userText);
  if (!match) return 'The passages do not cover this question.';
  const sentence = (match[1]!.match(/^[\s\S]*?[.!?](?=\s|$)/)?.[0] ?? match[1]!).trim();
  return `${sentence.replace(/[.!?]$/, '')} [1].`;
}

export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  let queue: FakeBehaviour[] = [];
  const hanging = new Set<ServerResponse>();
  let chatsOpen = 0;

  const state: FakeOpenAIServer = {
    baseUrl: '',
    requests,
    chatRequests: () => requests.filter((request) => request.path.endsWith('/chat/completions')),
    enqueue: (...behaviours) => queue.push(...behaviours),
    firstTokenDelayMs: 0,
    chunkDelayMs: 0,
    reply: citeFirstPassage,
    embed: hashWords,
    mostChatsAtOnce: 0,
    reset() {
      requests.length = 0;
      state.mostChatsAtOnce = chatsOpen;
      queue = [];
      state.firstTokenDelayMs = 0;
      state.chunkDelayMs = 0;
      state.reply = citeFirstPassage;
      state.embed = hashWords;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await text(request);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = request.url ?? '/';
    requests.push({ path, body, authorization: request.headers.authorization, receivedAt: Date.now() });

    if (request.method === 'POST' && path.endsWith('/embeddings')) {
      const input = body.input;
      const values = Array.isArray(input) ? (input as string[]) : [String(input)];
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 16;
      return json(response, 200, {
        object: 'list',
        data: values.map((value, index) => ({ object: 'embedding', index, embedding: state.embed(value, dimensions) })),
        model: body.model,
        usage: { prompt_tokens: values.length, total_tokens: values.length },
      });
    }
    if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return json(response, 404, {
        error: { message: `no route ${request.method} ${path}`, type: 'invalid_request_error' },
      });
    }

    chatsOpen++;
    state.mostChatsAtOnce = Math.max(state.mostChatsAtOnce, chatsOpen);
    // Counted closed once the reply is sent: the client may start its next request before this side sees the close.
    let counted = true;
    const closed = () => {
      if (counted) chatsOpen--;
      counted = false;
    };
    response.once('finish', closed);
    response.once('close', closed);
    const behaviour = queue.shift();
    if (behaviour?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (behaviour.retryAfterMs !== undefined) headers['retry-after-ms'] = String(behaviour.retryAfterMs);
      response.writeHead(behaviour.status, headers);
      response.end(
        JSON.stringify({
          error: {
            message: behaviour.message ?? (behaviour.status === 429 ? 'Rate limit reached' : 'The server had an error'),
            type: behaviour.status === 429 ? 'rate_limit_error' : 'server_error',
          },
        }),
      );
      return;
    }
    if (behaviour?.kind === 'hang') {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }

    if (behaviour?.kind === 'html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
      return;
    }
    if (behaviour?.kind === 'empty' || behaviour?.kind === 'malformed') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (behaviour.kind === 'malformed')
        response.write('data: {"choices": [{"delta": {"content": "Th\n\ndata: nope\n\n');
      if (behaviour.kind === 'empty' && behaviour.done) response.write('data: [DONE]\n\n');
      response.end();
      return;
    }

    const messages = (body.messages ?? []) as { role: string; content: unknown }[];
    const userText = messages
      .filter((message) => message.role === 'user')
      .map((message) =>
        typeof message.content === 'string'
          ? message.content
          : (message.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join(''),
      )
      .join('\n');
    const replyText =
      behaviour?.kind === 'reply' || behaviour?.kind === 'cut'
        ? behaviour.text
        : behaviour?.kind === 'error-event'
          ? (behaviour.afterText ?? '')
          : state.reply(userText);
    // A cut connection paces its chunks so the client has surely received the first half before the cut.
    const chunkDelayMs =
      behaviour?.kind === 'reply'
        ? (behaviour.chunkDelayMs ?? state.chunkDelayMs)
        : behaviour?.kind === 'cut'
          ? 30
          : state.chunkDelayMs;
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = String(body.model ?? 'fake');

    if (!body.stream || behaviour?.kind === 'json') {
      return json(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: replyText }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.flushHeaders();
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
    if (state.firstTokenDelayMs > 0) await sleep(state.firstTokenDelayMs);
    const pieces = replyText.match(/\S+\s*|\s+/g) ?? [];
    chunk({ role: 'assistant', content: '' });
    for (const [index, piece] of pieces.entries()) {
      if (response.destroyed) return;
      if (behaviour?.kind === 'cut' && index === Math.ceil(pieces.length / 2)) {
        response.destroy();
        return;
      }
      chunk({ content: piece });
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    }
    if (behaviour?.kind === 'error-event') {
      send({ error: { message: 'The model is overloaded', type: 'server_error', code: 'overloaded' } });
      response.end();
      return;
    }
    chunk({}, 'stop');
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length },
      });
    }
    response.write('data: [DONE]\n\n');
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

function json(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(payload));
}

function hashWords(input: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of input.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), 16777619);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
