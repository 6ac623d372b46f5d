import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { createEmbeddingModel } from '../../src/index/embedding/index.js';
import { OpenAIEmbeddingModel } from '../../src/index/embedding/openai.js';

/** A fake OpenAI-compatible server: `POST /v1/embeddings`, vectors encode the input so order can be checked. */
interface RecordedRequest {
  model: string;
  input: string[];
  dimensions?: number;
  authorization?: string;
}

let server: Server;
let baseUrl: string;
let requests: RecordedRequest[];
/** Status codes to answer with before succeeding, consumed one per request. */
let failures: number[];

const vectorFor = (text: string) => [text.length, Number(text.replace(/\D/g, '') || 0), 1];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
    return;
  }
  const parsed = JSON.parse(body) as RecordedRequest;
  requests.push({ ...parsed, authorization: request.headers.authorization });
  const failure = failures.shift();
  if (failure) {
    response
      .writeHead(failure, { 'content-type': 'application/json', 'retry-after-ms': '5' })
      .end(JSON.stringify({ error: { message: `fake ${failure}`, type: 'rate_limit_exceeded' } }));
    return;
  }
  // Listed in reverse: the client must order by `index`, as the API does not promise list order.
  const data = parsed.input
    .map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text) }))
    .reverse();
  response.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      object: 'list',
      data,
      model: parsed.model,
      usage: { prompt_tokens: parsed.input.length, total_tokens: parsed.input.length },
    }),
  );
}

beforeAll(async () => {
  server = createServer((request, response) => {
    readBody(request).then((body) => handle(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  failures = [];
});

describe('OpenAI embedding model', () => {
  it('is chosen by config, with the key and base URL, and names the model and its dimensions', async () => {
    const config = testConfig({
      EMBEDDING_MODEL: 'openai:text-embedding-3-small',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: baseUrl,
    });
    const model = createEmbeddingModel(config);
    expect(model.provider).toBe('openai');
    expect(model.modelId).toBe('text-embedding-3-small@1536');
    const { embeddings } = await model.doEmbed({ values: ['alpha 1', 'beta 22'] });
    expect(embeddings).toEqual([vectorFor('alpha 1'), vectorFor('beta 22')]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ model: 'text-embedding-3-small', authorization: 'Bearer sk-test' });
  });

  it('sends requested dimensions and includes them in the model id', async () => {
    const config = testConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseUrl });
    const model = createEmbeddingModel(config, 'openai:text-embedding-3-small@256');
    expect(model.modelId).toBe('text-embedding-3-small@256');
    await model.doEmbed({ values: ['x'] });
    expect(requests[0]!.dimensions).toBe(256);
  });

  it('splits large inputs into requests within the input and token limits, keeping order', async () => {
    const model = new OpenAIEmbeddingModel({
      model: 'nomic-embed-text',
      baseUrl,
      maxInputsPerRequest: 4,
      maxTokensPerRequest: 40,
      retryBaseDelayMs: 1,
    });
    expect(model.modelId).toBe('nomic-embed-text');
    const values = Array.from({ length: 10 }, (_, index) => `passage ${index}`);
    values.push('a long passage '.repeat(10) + '99');
    const { embeddings } = await model.doEmbed({ values });
    expect(embeddings).toEqual(values.map(vectorFor));
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.every((request) => request.input.length <= 4)).toBe(true);
    expect(requests.flatMap((request) => request.input).sort()).toEqual([...values].sort());
    expect(model.dimensions).toBe(3);
  });

  it('splits more than 2,048 inputs into several requests by default', async () => {
    const model = new OpenAIEmbeddingModel({ model: 'text-embedding-3-small', apiKey: 'sk-test', baseUrl });
    const values = Array.from({ length: 2_500 }, (_, index) => `q${index}`);
    const { embeddings } = await model.doEmbed({ values });
    expect(requests).toHaveLength(2);
    expect(Math.max(...requests.map((request) => request.input.length))).toBe(2048);
    expect(embeddings[2_499]).toEqual(vectorFor('q2499'));
  });

  it('retries a 429 and then a 503, then succeeds', async () => {
    failures = [429, 503];
    const model = new OpenAIEmbeddingModel({ model: 'm', apiKey: 'k', baseUrl, maxRetries: 2, retryBaseDelayMs: 1 });
    const { embeddings } = await model.doEmbed({ values: ['one 1'] });
    expect(embeddings).toEqual([vectorFor('one 1')]);
    expect(requests).toHaveLength(3);
  });

  it('gives up after the configured retries with a model_error', async () => {
    failures = [429, 429, 429];
    const model = new OpenAIEmbeddingModel({ model: 'm', apiKey: 'k', baseUrl, maxRetries: 1, retryBaseDelayMs: 1 });
    const error = await model.doEmbed({ values: ['x'] }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(AppError.isInstance(error) && error.code).toBe('model_error');
    expect((error as Error).message).toMatch(/HTTP 429/);
    expect(requests).toHaveLength(2);
  });

  it('does not retry a client error such as 400', async () => {
    failures = [400];
    const model = new OpenAIEmbeddingModel({ model: 'm', apiKey: 'k', baseUrl, maxRetries: 3, retryBaseDelayMs: 1 });
    await expect(model.doEmbed({ values: ['x'] })).rejects.toThrow(/HTTP 400/);
    expect(requests).toHaveLength(1);
  });

  it('refuses to start without a key or a base URL', () => {
    expect(() => new OpenAIEmbeddingModel({ model: 'text-embedding-3-small' })).toThrow(/OPENAI_API_KEY/);
  });
});
