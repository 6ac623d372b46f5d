/**
 * Health, readiness and the corpus read API: search, documents and passages.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { documentTypes } from '../../corpus/types.js';
import { AppError } from '../../errors.js';
import type { ServerEnvironment } from '../environment.js';
import { date, invalid } from '../validation.js';

const listParameter = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined,
  );

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required').max(2000, 'q is at most 2000 characters'),
  k: z.coerce.number().int().min(1).max(100).default(10),
  method: z.enum(['hybrid', 'fulltext', 'vector']).default('hybrid'),
  jurisdiction: listParameter,
  type: listParameter.pipe(z.array(z.enum(documentTypes)).optional()),
  vendor: listParameter,
  from: date.optional(),
  to: date.optional(),
});

export function corpusRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();

  routes.get('/health', (context) => context.json({ status: 'ok' }));

  routes.get('/ready', async (context) => {
    const status = await context.get('assistant').status();
    return context.json(status, status.ready ? 200 : 503);
  });

  routes.get('/api/search', async (context) => {
    const parsed = searchQuerySchema.safeParse(context.req.query());
    if (!parsed.success) throw invalid(parsed.error);
    const { q, k, method, jurisdiction, type, vendor, from, to } = parsed.data;
    const result = await context.get('assistant').search(q, {
      k,
      method,
      filters: { jurisdiction, type, vendor, publishedFrom: from, publishedTo: to },
    });
    return context.json(result);
  });

  routes.get('/api/documents', async (context) => {
    const documents = await context.get('assistant').listDocuments();
    return context.json({ documents });
  });

  routes.get('/api/documents/:id', async (context) => {
    const found = await context.get('assistant').getDocument(context.req.param('id'));
    if (!found) throw new AppError('not_found', `No document with id "${context.req.param('id')}".`);
    return context.json(found);
  });

  routes.get('/api/passages/:id{.+}', async (context) => {
    const id = passageIdFrom(context.req.url);
    const passage = await context.get('assistant').getPassage(id);
    if (!passage) throw new AppError('not_found', `No passage with id "${id}".`);
    return context.json({ passage });
  });

  return routes;
}

const passagePathPrefix = '/api/passages/';

/**
 * The passage id from the request's own, still-encoded path, decoded exactly once: the router's parameter is already
 * decoded (leniently), so decoding it again would turn an id with a literal `%` into another id, or throw on `%zz`.
 */
function passageIdFrom(url: string): string {
  const encoded = new URL(url).pathname.slice(passagePathPrefix.length);
  try {
    // Encoded lone surrogates (%ED%A0%80) are not UTF-8 either, so they throw here too.
    return decodeURIComponent(encoded);
  } catch {
    throw new AppError('invalid_input', 'The passage id in the path is not valid percent-encoded UTF-8.');
  }
}
