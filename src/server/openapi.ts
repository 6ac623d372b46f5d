/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and define the answer record
 * (`z.toJSONSchema`), so the reference cannot drift from the code; and a small self-contained reference page.
 */
import { z } from 'zod';
import { answerRecordSchema } from '../answer/record.js';
import type { Config } from '../config.js';
import {
  askRequestSchema,
  chatRequestSchema,
  errorResponseSchema,
  feedbackRequestSchema,
  feedbackResponseSchema,
} from './routes/answers.js';
import { escapeHtml } from './demo-page.js';
import { searchQuerySchema } from './routes/corpus.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: errorDescriptions[code] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const errorDescriptions: Record<number, string> = {
  400: 'Invalid input: `{ error: { code: "invalid_input", message } }`',
  401: 'Missing or wrong bearer key (only when API_KEYS is set)',
  404: 'Not found',
  413: 'Body too large',
  429: 'Rate limited',
  503: 'Index not ready',
};

const jsonBody = (reference: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${reference}` } } },
});

const cache = new WeakMap<Config, JsonSchema>();

export function buildOpenApiDocument(config: Config): JsonSchema {
  const cached = cache.get(config);
  if (cached) return cached;
  const searchParameters = schemaOf(searchQuerySchema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const document: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: 'Vendor due-diligence assistant API',
      version: '1',
      description:
        'Cited, verified answers to vendor-risk questions from a corpus of regulatory and news material. Every answer sentence carries [n] markers that map to `citations`; sentences whose support is weak are flagged in `sentences`. When `API_KEYS` is set, `/api/*` needs `Authorization: Bearer <key>`.',
    },
    servers: [{ url: config.publicUrl }],
    ...(config.apiKeys.length > 0 ? { security: [{ bearer: [] }] } : {}),
    paths: {
      '/api/ask': {
        post: {
          summary: 'Answer a question; returns the answer record',
          requestBody: jsonBody('AskRequest'),
          responses: {
            '200': {
              description: 'The answer record (also for abstentions: see `status`)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AnswerRecord' } } },
            },
            ...errorResponses([400, 401, 413, 429, 503]),
          },
        },
      },
      '/api/chat': {
        post: {
          summary: 'Answer the last user message as an AI SDK UI message stream (for useChat / DefaultChatTransport)',
          description:
            'Server-sent events, `x-vercel-ai-ui-message-stream: v1`: `start`, transient `data-status` parts, `text-start`/`text-delta`/`text-end` with [n] markers, one `source-url` part per citation, a `data-answer` part carrying the full answer record, then `finish` and `[DONE]`. When the streamed text is not the final answer (a failed model attempt before the fallback), a second `start` with the record id restarts the message and the final text follows. Follow-up questions are rewritten into standalone questions using the earlier messages.',
          requestBody: jsonBody('ChatRequest'),
          responses: {
            '200': {
              description: 'UI message stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errorResponses([400, 401, 413, 429]),
          },
        },
      },
      '/api/answers/{id}': {
        get: {
          summary: 'One stored answer record (the permalink surfaces link to)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The answer record',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AnswerRecord' } } },
            },
            ...errorResponses([401, 404]),
          },
        },
      },
      '/api/feedback': {
        post: {
          summary: 'Rate an answer (thumbs up or down, optional comment)',
          requestBody: jsonBody('FeedbackRequest'),
          responses: {
            '201': {
              description: 'Stored',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/FeedbackResponse' } } },
            },
            ...errorResponses([400, 401, 404]),
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search passages (hybrid full text and vector)',
          parameters: Object.entries(searchParameters.properties ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            required: (searchParameters.required ?? []).includes(name) && !('default' in schema),
            schema,
          })),
          responses: { '200': { description: 'Search result' }, ...errorResponses([400, 401, 503]) },
        },
      },
    },
    components: {
      schemas: {
        AskRequest: schemaOf(askRequestSchema, 'input'),
        ChatRequest: schemaOf(chatRequestSchema, 'input'),
        FeedbackRequest: schemaOf(feedbackRequestSchema, 'input'),
        FeedbackResponse: schemaOf(feedbackResponseSchema, 'output'),
        AnswerRecord: schemaOf(answerRecordSchema, 'output'),
        Error: schemaOf(errorResponseSchema, 'output'),
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'One of the configured API_KEYS' } },
    },
  };
  cache.set(config, document);
  return document;
}

/** A reference page without external assets (the server may run offline). */
export function renderReferencePage(document: JsonSchema): string {
  const info = document.info as { title: string; description: string };
  const paths = document.paths as Record<string, Record<string, { summary?: string; description?: string }>>;
  const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
  const operations = Object.entries(paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(
      ([method, operation]) => `<section>
  <h3><code>${method.toUpperCase()} ${escapeHtml(route)}</code></h3>
  <p>${escapeHtml(operation.summary ?? '')}</p>
  ${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ''}
</section>`,
    ),
  );
  const schemaBlocks = Object.entries(schemas).map(
    ([name, schema]) =>
      `<details><summary><code>${escapeHtml(name)}</code></summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 920px; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f5f5f7; padding: .75rem; overflow-x: auto; }
section { border-top: 1px solid #ddd; padding: .5rem 0; }
h3 { margin: .5rem 0 .25rem; }
</style>
</head>
<body>
<h1>${escapeHtml(info.title)}</h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).</p>
<h2>Example</h2>
<pre>curl -s ${escapeHtml(String((document.servers as { url: string }[])[0]?.url ?? ''))}/api/ask \\
  -H 'content-type: application/json' \\
  -d '{"question":"Is Alibaba Cloud a security risk to Western companies?"}'</pre>
<h2>Endpoints</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${schemaBlocks.join('\n')}
</body>
</html>`;
}
