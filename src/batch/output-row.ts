/**
 * Turns an answer record into the columns appended to every input row, so a questionnaire carries its evidence:
 * status, answer with [n] markers, numbered citations, ids, quotes, support, model and the answer's permalink.
 */
import type { AnswerRecord } from '../answer/record.js';

export const answerColumns = [
  'row',
  'status',
  'answer',
  'citations',
  'citation_ids',
  'quotes',
  'support',
  'model',
  'answer_id',
  'answer_url',
  'error',
] as const;

export type AnswerColumn = (typeof answerColumns)[number];
export type AnswerCells = Record<AnswerColumn, string>;

export function answerCells(row: number, record: AnswerRecord, publicUrl: string): AnswerCells {
  const supports = record.sentences
    .filter((sentence) => sentence.citations.length > 0)
    .map((sentence) => sentence.support);
  const support = supports.length ? supports.reduce((sum, value) => sum + value, 0) / supports.length : 0;
  const answer =
    record.status === 'answered' || !record.reason ? record.answer : `${record.answer}`.trim() || record.reason;
  return {
    row: String(row),
    status: record.status,
    answer: plainText(answer),
    citations: record.citations
      .map(
        (citation) =>
          `[${citation.n}] ${citation.title} — ${citation.publisher}, ${citation.published}, ${citation.url}`,
      )
      .join('\n'),
    citation_ids: record.citations.map((citation) => `[${citation.n}] ${citation.passageId}`).join('; '),
    quotes: record.citations.map((citation) => `[${citation.n}] "${citation.quote}"`).join('\n'),
    support: record.citations.length ? support.toFixed(2) : '',
    model: record.fallback
      ? `${record.model} (fallback from ${record.fallback.from}: ${record.fallback.reason})`
      : record.model,
    answer_id: record.id,
    answer_url: `${publicUrl}/api/answers/${encodeURIComponent(record.id)}`,
    error: record.status === 'error' ? (record.reason ?? 'answer failed') : '',
  };
}

export function errorCells(row: number, reason: string): AnswerCells {
  return {
    row: String(row),
    status: 'error',
    answer: '',
    citations: '',
    citation_ids: '',
    quotes: '',
    support: '',
    model: '',
    answer_id: '',
    answer_url: '',
    error: reason,
  };
}

/** Markdown emphasis and headings mean nothing in a spreadsheet cell; [n] markers stay. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1$2')
    .trim();
}
