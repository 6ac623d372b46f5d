/**
 * Answer routes: `POST /api/chat` (the AI SDK UI message stream protocol, so `useChat` and `DefaultChatTransport`
 * work unchanged), `POST /api/ask` (the answer record as JSON), `GET /api/answers/:id` (the permalink),
 * `POST /api/feedback`, plus the OpenAPI document (`/openapi.json`) and its reference page (`/docs`). Request bodies
 * are validated with the zod schemas that also generate the OpenAPI document.
 */
import { createUIMessageStream, createUIMessageStreamResponse, type UIMessage } from 'ai';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AskOptions, ConversationTurn } from '../../assistant.js';
import type { AnswerRecord } from '../../answer/record.js';
import type { Config } from '../../config.js';
import { documentTypes } from '../../corpus/types.js';
import { AppError } from '../../errors.js';
import { isLocalModelId, modelIdPattern } from '../../models/model-id.js';
import type { ServerEnvironment } from '../environment.js';
import { buildOpenApiDocument, renderReferencePage } from '../openapi.js';
import { date, invalid } from '../validation.js';

const stringList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export const filtersSchema = z
  .object({
    jurisdiction: stringList.optional().describe('Jurisdictions, e.g. ["PRC", "EU"]'),
    type: z
      .union([z.enum(documentTypes), z.array(z.enum(documentTypes))])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional(),
    vendor: stringList
      .optional()
      .describe(
        'Strict: only passages tagged with these vendors (ids or aliases, e.g. ["alibaba-cloud"] or ["Aliyun"]), so general law drops out; to focus on a vendor without that, name it in the question',
      ),
    publishedFrom: date.optional(),
    publishedTo: date.optional(),
    documentId: stringList.optional(),
  })
  .strict()
  .describe('Retrieval filters');

const turnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(20_000) });

const modelSchema = z
  .string()
  .regex(modelIdPattern, 'must be "local" or "openai:<model>"')
  .describe('Answer model: "local" or the configured "openai:<model>"');

export const askRequestSchema = z
  .object({
    question: z.string().trim().min(1, 'question is required').max(4000, 'question is at most 4000 characters'),
    filters: filtersSchema.optional(),
    k: z.number().int().min(1).max(30).optional().describe('Passages retrieved and shown to the model'),
    model: modelSchema.optional(),
    history: z.array(turnSchema).max(40).optional().describe('Earlier turns, oldest first'),
  })
  .describe('A question for the assistant');

const uiMessagePartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const uiMessageSchema = z.looseObject({
  id: z.string(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(uiMessagePartSchema),
});

export const chatRequestSchema = z
  .looseObject({
    id: z.string().optional().describe('Chat id (sent by DefaultChatTransport)'),
    messages: z.array(uiMessageSchema).min(1, 'messages must not be empty').max(100),
    trigger: z.string().optional(),
    messageId: z.string().optional(),
    filters: filtersSchema.optional(),
    k: z.number().int().min(1).max(30).optional(),
    model: modelSchema.optional(),
  })
  .describe('The body DefaultChatTransport sends: the conversation as UI messages; the last one is the question');

export const feedbackRequestSchema = z
  .object({
    answerId: z.string().min(1).max(200),
    rating: z.enum(['up', 'down']),
    comment: z.string().trim().max(4000).optional(),
  })
  .describe('A rating of one answer');

export const feedbackResponseSchema = z.object({ id: z.string(), createdAt: z.string() });

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** The chat stream's message type: the full record rides in a `data-answer` part. */
export type AnswerUIMessage = UIMessage<
  never,
  { answer: AnswerRecord; status: { phase: 'retrieving' | 'generating' | 'verifying' } }
>;

export function answerRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();

  routes.post('/api/ask', async (context) => {
    const body = await parseBody(context, askRequestSchema);
    const assistant = context.get('assistant');
    const record = await assistant.ask(body.question, {
      filters: body.filters,
      k: body.k,
      model: allowedModel(assistant.config, body.model),
      history: body.history,
      signal: context.req.raw.signal,
      surface: 'api',
    });
    return context.json(record);
  });

  routes.post('/api/chat', async (context) => {
    const body = await parseBody(context, chatRequestSchema);
    const assistant = context.get('assistant');
    const turns = body.messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({
        role: message.role as ConversationTurn['role'],
        content: message.parts
          .filter((part) => part.type === 'text' && typeof part.text === 'string')
          .map((part) => part.text)
          .join(''),
      }));
    const last = turns.at(-1);
    if (!last || last.role !== 'user' || last.content.trim() === '') {
      throw new AppError('invalid_input', 'messages: the last message must be a user message with text.');
    }
    const options: AskOptions = {
      filters: body.filters,
      k: body.k,
      model: allowedModel(assistant.config, body.model),
      history: turns.slice(0, -1),
      signal: context.req.raw.signal,
      surface: 'chat',
    };
    // Request problems were rejected above as JSON errors; from here on, failures become stream error parts.
    const answer = assistant.askStream(last.content, options);

    const stream = createUIMessageStream<AnswerUIMessage>({
      execute: async ({ writer }) => {
        const textId = 'answer-text';
        let textOpen = false;
        let streamed = '';
        writer.write({ type: 'start' });
        for await (const event of answer) {
          if (event.type === 'status') {
            writer.write({ type: 'data-status', data: { phase: event.phase }, transient: true });
          } else if (event.type === 'text-delta') {
            if (!textOpen) writer.write({ type: 'text-start', id: textId });
            textOpen = true;
            streamed += event.delta;
            writer.write({ type: 'text-delta', id: textId, delta: event.delta });
          } else if (event.type === 'answer') {
            if (textOpen) writer.write({ type: 'text-end', id: textId });
            textOpen = false;
            const { record } = event;
            if (streamed !== record.answer) {
              // What streamed is not the answer: a failed model attempt's partial text before the fallback, an
              // abstention's unsupported draft, or removed markers. A `start` with a new message id makes the AI
              // SDK's stream reader begin the message afresh, and the final text follows, so the client ends up
              // with exactly the verified answer (the record in `data-answer` is authoritative either way).
              writer.write({ type: 'start', messageId: record.id });
              if (record.answer !== '') {
                writer.write({ type: 'text-start', id: `${textId}-final` });
                writer.write({ type: 'text-delta', id: `${textId}-final`, delta: record.answer });
                writer.write({ type: 'text-end', id: `${textId}-final` });
              }
            }
            for (const citation of record.citations) {
              writer.write({
                type: 'source-url',
                sourceId: citation.passageId,
                url: citation.url,
                title: `[${citation.n}] ${citation.title}`,
                providerMetadata: {
                  citation: {
                    n: citation.n,
                    passageId: citation.passageId,
                    heading: citation.heading,
                    published: citation.published,
                    quote: citation.quote,
                  },
                },
              });
            }
            writer.write({ type: 'data-answer', id: record.id, data: record });
          }
        }
        writer.write({ type: 'finish', finishReason: 'stop' });
      },
      onError: (error) => AppError.from(error).publicMessage,
    });
    return createUIMessageStreamResponse({ stream });
  });

  routes.get('/api/answers/:id', async (context) => {
    const id = context.req.param('id');
    const record = await context.get('assistant').getAnswer(id);
    if (!record) throw new AppError('not_found', `No answer with id "${id}".`);
    return context.json(record);
  });

  routes.post('/api/feedback', async (context) => {
    const body = await parseBody(context, feedbackRequestSchema);
    const assistant = context.get('assistant');
    if (!(await assistant.getAnswer(body.answerId))) {
      throw new AppError('not_found', `No answer with id "${body.answerId}".`);
    }
    // A rating sent with a widget key came from the embedded widget; anything else is a direct API call.
    const source = context.get('widgetKey') !== undefined ? 'widget' : 'api';
    const saved = await assistant.saveFeedback({ ...body, source });
    return context.json(saved, 201);
  });

  routes.get('/openapi.json', (context) => context.json(buildOpenApiDocument(context.get('assistant').config)));
  routes.get('/docs', (context) =>
    context.html(renderReferencePage(buildOpenApiDocument(context.get('assistant').config))),
  );

  return routes;
}

async function parseBody<Schema extends z.ZodType>(
  context: Context<ServerEnvironment>,
  schema: Schema,
): Promise<z.output<Schema>> {
  let json: unknown;
  try {
    json = await context.req.json();
  } catch {
    throw new AppError('invalid_input', 'The request body must be JSON (Content-Type: application/json).');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** Callers may pick the local model or the configured one, never an arbitrary (possibly billed) model. */
export function allowedModel(config: Config, requested: string | undefined): string | undefined {
  if (requested === undefined || requested === config.answerModel || isLocalModelId(requested)) return requested;
  throw new AppError(
    'invalid_input',
    `model: "${requested}" is not enabled on this server; use "local" or "${config.answerModel}".`,
  );
}
