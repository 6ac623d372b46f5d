/**
 * Turns an answer record into the columns appended to every input row, so a questionnaire carries its evidence:
 * status, answer with [n] markers, numbered citations, ids, quotes, support, model and the answer's permalink.
 */
import { answerPermalink, type AnswerRecord } from '../answer/record.js';
import { spansOfCitation } from '../answer/cited-spans.js';
import { describeMarkdownImages } from '../answer/markdown-images.js';
import { markUnsupportedSentences } from '../answer/unsupported-sentences.js';
import { reviewStatus, shortAnswer } from './review.js';

export const answerColumns = [
  'row',
  'status',
  'review_status',
  'short_answer',
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

/** The name each answer column is written under: one that clashes with an input column gets an `answer_` prefix,
 * so the input keeps its own value. */
export function answerColumnName(name: string, inputColumns: readonly string[]): string {
  return inputColumns.includes(name) ? `answer_${name}` : name;
}

/** The output header: every input column, then the answer columns under their output names. */
export function outputColumns(inputColumns: readonly string[]): string[] {
  return [...inputColumns, ...answerColumns.map((name) => answerColumnName(name, inputColumns))];
}
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
    review_status: reviewStatus(record, support),
    short_answer: record.status === 'answered' ? shortAnswer(plainText(markUnsupportedSentences(answer, record))) : '',
    answer: plainText(markUnsupportedSentences(answer, record)),
    citations: record.citations
      .map(
        (citation) =>
          `[${citation.n}] ${citation.title} — ${citation.publisher}, ${citation.dateLine || citation.published}, ${citation.url}`,
      )
      .join('\n'),
    citation_ids: record.citations.map((citation) => `[${citation.n}] ${citation.passageId}`).join('; '),
    // One line per span a citation stands for: the words behind each sentence that cites it.
    quotes: record.citations
      .flatMap((citation) => spansOfCitation(record, citation.n).map((span) => `[${citation.n}] "${span.quote}"`))
      .join('\n'),
    support: record.citations.length ? support.toFixed(2) : '',
    model: record.fallback
      ? `${record.model} (fallback from ${record.fallback.from}: ${record.fallback.reason})`
      : record.model,
    answer_id: record.id,
    answer_url: answerPermalink(publicUrl, record.id),
    error: record.status === 'error' ? (record.reason ?? 'answer failed') : '',
  };
}

export function errorCells(row: number, reason: string): AnswerCells {
  return {
    row: String(row),
    status: 'error',
    review_status: 'needs_review',
    short_answer: '',
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
  return describeMarkdownImages(markdown)
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1$2')
    .trim();
}
