/** `POST /api/ask` through the Hono app in-process (`app.request`), as an HTTP client would call it. */
import type { Hono } from 'hono';
import type { AnswerSurface, SurfaceOutcome } from './surface.js';

interface AskResponse {
  status?: string;
  citations?: { passageId: string }[];
  id?: string;
  record?: AskResponse;
  error?: { message?: string };
}

export function apiSurface(app: Pick<Hono, 'request'>, apiKey?: string): AnswerSurface {
  return {
    name: 'api',
    canExpress: () => true,
    async answerAll(questions) {
      const outcomes = new Map<string, SurfaceOutcome>();
      for (const question of questions) {
        const response = await app.request('/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
          body: JSON.stringify({
            question: question.question,
            ...(question.filters ? { filters: question.filters } : {}),
          }),
        });
        const body = (await response.json().catch(() => ({}))) as AskResponse;
        const record = body.record ?? body;
        if (!response.ok || typeof record.status !== 'string') {
          outcomes.set(question.id, { error: `HTTP ${response.status}: ${body.error?.message ?? 'no answer record'}` });
          continue;
        }
        outcomes.set(question.id, {
          status: record.status,
          citedPassageIds: (record.citations ?? []).map((citation) => citation.passageId),
          answerId: record.id,
        });
      }
      return outcomes;
    },
  };
}
