/**
 * The Hono application: shared middleware (errors as JSON, body limits, access control) and the route groups of each
 * surface, mounted over one `Assistant`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Assistant } from '../assistant.js';
import type { LazyAnswerPool } from '../batch/answer-pool.js';
import { logLevelEnabled } from '../config.js';
import { AppError } from '../errors.js';
import { accessControl } from './access.js';
import { answerPageRoutes } from './routes/answer-pages.js';
import { answerRoutes } from './routes/answers.js';
import { batchRoutes } from './routes/batch.js';
import { corpusRoutes } from './routes/corpus.js';
import { slackRoutes } from './routes/slack.js';
import { widgetRoutes } from './routes/widget.js';
import type { ServerEnvironment } from './environment.js';

export interface AppOptions {
  /** Worker threads for `POST /api/batch`; without one, batches are answered in this thread. */
  batchPool?: LazyAnswerPool;
}

export function createApp(assistant: Assistant, options: AppOptions = {}): Hono<ServerEnvironment> {
  const { config } = assistant;
  const app = new Hono<ServerEnvironment>();

  app.use('*', requestId());
  app.use('*', async (context, next) => {
    context.set('assistant', assistant);
    await next();
  });

  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new AppError('payload_too_large', `Request body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });
  // Batch uploads have their own, larger limit (enforced in the batch routes while streaming).
  app.use('*', async (context, next) => {
    if (context.req.path.startsWith('/api/batch') || context.req.path.startsWith('/slack/')) return next();
    return limitBody(context, next);
  });

  app.use('*', accessControl(config));

  app.route('/', corpusRoutes());
  app.route('/', answerRoutes());
  app.route('/', answerPageRoutes());
  app.route('/', widgetRoutes());
  app.route('/', slackRoutes());
  app.route('/', batchRoutes(options.batchPool));

  app.notFound((context) =>
    context.json(
      { error: { code: 'not_found', message: `No route for ${context.req.method} ${context.req.path}.` } },
      404,
    ),
  );

  app.onError((error, context) => {
    const appError = toAppError(error);
    if (appError.code === 'internal' && logLevelEnabled(config.logLevel, 'error')) {
      console.error(`[${context.get('requestId')}]`, error);
    }
    if (appError.code === 'rate_limited' && typeof appError.details?.retryAfterSeconds === 'number') {
      context.header('Retry-After', String(appError.details.retryAfterSeconds));
    }
    return context.json(appError.toJSON(), appError.status as 400);
  });

  return app;
}

function toAppError(error: unknown): AppError {
  if (AppError.isInstance(error)) return error;
  // Hono's own HTTP exceptions (e.g. malformed JSON) carry a status.
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500) {
    const code = error.status === 413 ? 'payload_too_large' : error.status === 401 ? 'unauthorized' : 'invalid_input';
    return new AppError(code, error.message || 'Invalid request.');
  }
  return AppError.from(error);
}
