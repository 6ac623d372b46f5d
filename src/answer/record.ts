/**
 * The answer record: the one shape every surface (API, widget, Slack, CSV) renders. Defined with zod so the
 * OpenAPI document and runtime validation come from the same source.
 */
import { z } from 'zod';
import { documentTypes } from '../corpus/types.js';

export const answerStatuses = ['answered', 'insufficient_evidence', 'out_of_scope', 'error'] as const;
export type AnswerStatus = (typeof answerStatuses)[number];

/** The dates of a source, each with its meaning (docs/corpus-format.md); all YYYY-MM-DD. */
export const sourceDatesSchema = z.object({
  adopted: z.string().optional(),
  promulgated: z.string().optional(),
  signed: z.string().optional(),
  inForce: z.string().optional(),
  appliesFrom: z.array(z.string()).optional(),
  amended: z.array(z.string()).optional(),
  repealed: z.string().optional(),
  supersededBy: z.string().optional(),
  unconfirmed: z.array(z.string()).optional().describe('Front-matter date fields that are placeholders'),
});

/** Fields every citation and source carries about its dates (optional: records stored earlier lack them). */
const datedFields = {
  asOf: z.string().optional().describe('YYYY-MM-DD: the date the corpus summary of this source reflects'),
  dates: sourceDatesSchema.optional(),
  dateLine: z
    .string()
    .optional()
    .describe(
      'The date that fits the source and the as-of date, as surfaces show it ("in force since 1 June 2017 · as of 1 December 2025")',
    ),
};

export const citationSchema = z.object({
  n: z.number().int().positive().describe('The marker number used in the answer text, [n]'),
  passageId: z.string(),
  documentId: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  published: z.string(),
  type: z.enum(documentTypes),
  jurisdiction: z.string(),
  heading: z.string(),
  quote: z.string().describe('Best-supporting sentence(s) of the passage, verbatim'),
  start: z.number().int().nonnegative().describe('Start of the quote in the document text'),
  end: z.number().int().nonnegative().describe('End of the quote in the document text'),
  page: z.number().int().positive().optional(),
  ...datedFields,
});
export type Citation = z.infer<typeof citationSchema>;

export const sentenceSupportSchema = z.object({
  text: z.string(),
  citations: z.array(z.number().int().positive()),
  support: z.number().min(0).max(1).describe('Support of the sentence by its cited passages, 0-1'),
  supported: z.boolean(),
  kind: z
    .enum(['claim', 'gap'])
    .optional()
    .describe('claim: states a fact and needs support; gap: says what the passages do not cover (needs no citation)'),
  quotes: z
    .array(
      z.object({
        n: z.number().int().positive(),
        quote: z.string().describe('The span of passage [n] that supports this sentence, verbatim'),
        start: z.number().int().nonnegative().describe('Start of the span in the document text'),
        end: z.number().int().nonnegative().describe('End of the span in the document text'),
      }),
    )
    .optional()
    .describe(
      "Per citation of this sentence, the passage's span that supports it (several sentences citing one passage get their own spans)",
    ),
});
export type SentenceSupport = z.infer<typeof sentenceSupportSchema>;

export const sourcePassageSchema = z.object({
  passageId: z.string(),
  documentId: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  published: z.string(),
  type: z.enum(documentTypes),
  jurisdiction: z.string(),
  heading: z.string(),
  score: z.number(),
  snippet: z.string(),
  ...datedFields,
});
export type SourcePassage = z.infer<typeof sourcePassageSchema>;

export const answerRecordSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  question: z.string(),
  standaloneQuestion: z.string().describe('The question as retrieved after resolving a follow-up'),
  status: z.enum(answerStatuses),
  reason: z.string().optional().describe('Why the assistant abstained or failed'),
  answer: z.string().describe('Markdown with [n] citation markers'),
  citations: z.array(citationSchema),
  sentences: z.array(sentenceSupportSchema),
  unsupportedSentences: z.number().int().nonnegative(),
  droppedMarkers: z.number().int().nonnegative().describe('Markers that pointed at no shown passage, removed'),
  closestPassages: z.array(sourcePassageSchema).describe('What the corpus does have, for abstentions'),
  filters: z.record(z.string(), z.unknown()),
  model: z.string(),
  surface: z
    .enum(['api', 'chat', 'widget', 'slack', 'batch', 'cli', 'eval'])
    .optional()
    .describe('Which surface asked'),
  fallback: z.object({ from: z.string(), reason: z.string() }).optional(),
  promptVersion: z.string(),
  corpusVersion: z.string(),
  retrievedPassageIds: z.array(z.string()),
  timings: z.object({
    retrievalMs: z.number(),
    firstTokenMs: z.number().optional(),
    totalMs: z.number(),
  }),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

/**
 * Where a person reads an answer again: `GET /answers/:id`, an HTML page (`GET /api/answers/:id` is the same record as
 * JSON). Every surface links to the same address; an empty `publicUrl` leaves the link relative to the server.
 */
export function answerPermalink(publicUrl: string, answerId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/answers/${encodeURIComponent(answerId)}`;
}
