/**
 * `GET /answers/:id`: the answer record as a readable HTML page, the address every surface links people to
 * (`GET /api/answers/:id` stays the JSON record). Like the JSON permalink it needs only the id, which is long and
 * random; a missing record is a plain 404 page.
 */
import { Hono } from 'hono';
import { answerPageSecurityPolicy, renderAnswerPage } from '../answer-page.js';
import type { ServerEnvironment } from '../environment.js';

export function answerPageRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();
  routes.get('/answers/:id', async (context) => {
    const id = context.req.param('id');
    context.header('content-security-policy', answerPageSecurityPolicy);
    context.header('x-content-type-options', 'nosniff');
    context.header('referrer-policy', 'no-referrer');
    context.header('cache-control', 'no-store');
    const record = /^[\w-]{1,100}$/.test(id) ? await context.get('assistant').getAnswer(id) : undefined;
    if (!record) {
      return context.html(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Answer not found</title></head><body><p>No answer with this id.</p></body></html>',
        404,
      );
    }
    return context.html(renderAnswerPage(record, { jsonUrl: `/api/answers/${encodeURIComponent(record.id)}` }));
  });
  return routes;
}
