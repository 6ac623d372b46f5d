/**
 * `POST /api/batch`: all questions in one CSV upload (id, question and the jurisdiction column that becomes a
 * filter), answers read from the NDJSON stream, as a questionnaire user would get them.
 */
import type { Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import type { AnswerSurface, SurfaceOutcome } from './surface.js';

export function batchSurface(app: Pick<Hono, 'request'>, apiKey?: string): AnswerSurface {
  return {
    name: 'batch',
    // A CSV's jurisdiction column is a filter; its vendor column is context that focuses retrieval without filtering
    // (a questionnaire row about a vendor still needs the general law), so a strict vendor filter cannot be expressed.
    canExpress: (filters) =>
      filters === undefined ||
      Object.entries(filters).every(
        ([name, value]) => name === 'jurisdiction' && Array.isArray(value) && value.length <= 1,
      ),
    async answerAll(questions) {
      const outcomes = new Map<string, SurfaceOutcome>();
      if (questions.length === 0) return outcomes;
      const csv = stringify([
        ['id', 'question', 'jurisdiction'],
        ...questions.map((question) => [question.id, question.question, question.filters?.jurisdiction?.[0] ?? '']),
      ]);
      const response = await app.request('/api/batch?concurrency=2', {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          accept: 'application/x-ndjson',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: csv,
      });
      const text = await response.text();
      if (!response.ok) {
        for (const question of questions)
          outcomes.set(question.id, { error: `HTTP ${response.status}: ${text.slice(0, 200)}` });
        return outcomes;
      }
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const row = JSON.parse(line) as Record<string, string>;
        if (!row.id || !row.status) continue;
        outcomes.set(row.id, {
          status: row.status,
          citedPassageIds: parseCitationIds(row.citation_ids ?? ''),
          answerId: row.answer_id,
        });
      }
      return outcomes;
    },
  };
}

/** `[1] pipl-2021#art-38; [2] dsl-2021#art-36` → passage ids in marker order. */
export function parseCitationIds(cell: string): string[] {
  return [...cell.matchAll(/\[(\d+)\]\s*([^;\s]+)/g)]
    .map((match) => ({ n: Number(match[1]), id: match[2]! }))
    .sort((left, right) => left.n - right.n)
    .map((item) => item.id);
}
