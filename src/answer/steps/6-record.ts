/**
 * Step 6, record. Takes what the steps found (the question, the evidence's verdict, the draft and its verification)
 * and gives the answer record every surface renders, appended to the answer store before it is returned. An
 * abstention's record carries the engine's refusal, never a model's unsupported draft.
 */
import { randomBytes } from 'node:crypto';
import type { AskOptions } from '../../assistant.js';
import type { SearchHit } from '../../retrieve/types.js';
import type { AnswerStore } from '../../store/answer-store.js';
import { elapsedSince } from '../elapsed.js';
import { promptVersion } from '../prompt.js';
import type { AnswerRecord } from '../record.js';
import { closestPassages, instructionsOnlyReason, refusalAnswer, unsupportedReason } from '../refusals.js';
import type { Question } from './1-question.js';
import type { Assessment } from './3-assess-evidence.js';
import type { Draft } from './4-compose.js';
import type { Verification } from './5-verify.js';

/** What every record of one answer shares: who asked what, and against which corpus and passages. */
export interface RecordContext {
  base: RecordBase;
  modelId: string;
  corpusVersion: string;
  retrievedPassageIds: string[];
  retrievalMs: number;
}

type RecordBase = Pick<
  AnswerRecord,
  'id' | 'createdAt' | 'question' | 'standaloneQuestion' | 'filters' | 'promptVersion' | 'surface'
>;

export function recordBase(question: Question, surface: AskOptions['surface']): RecordBase {
  return {
    id: newAnswerId(),
    createdAt: new Date().toISOString(),
    question: question.text,
    standaloneQuestion: question.standalone,
    filters: question.filters as Record<string, unknown>,
    promptVersion,
    ...(surface ? { surface } : {}),
  };
}

/** A message that only instructs the assistant: nothing was looked up. */
export function instructionsOnlyRecord(
  context: Omit<RecordContext, 'retrievedPassageIds' | 'retrievalMs'>,
  firstTokenMs: number,
): AnswerRecord {
  return finish({
    ...context.base,
    status: 'out_of_scope',
    reason: instructionsOnlyReason,
    answer: instructionsOnlyReason,
    model: context.modelId,
    retrievedPassageIds: [],
    corpusVersion: context.corpusVersion,
    timings: { retrievalMs: 0, firstTokenMs, totalMs: 0 },
  });
}

export function abstentionRecord(
  context: RecordContext,
  assessment: Extract<Assessment, { sufficient: false }>,
  firstTokenMs: number,
): AnswerRecord {
  return finish({
    ...context.base,
    status: assessment.status,
    reason: assessment.reason,
    answer: assessment.answer,
    model: context.modelId,
    closestPassages: assessment.closestPassages,
    retrievedPassageIds: context.retrievedPassageIds,
    corpusVersion: context.corpusVersion,
    timings: { retrievalMs: context.retrievalMs, firstTokenMs, totalMs: 0 },
  });
}

export function failureRecord(context: RecordContext, draft: Extract<Draft, { ok: false }>): AnswerRecord {
  return finish({
    ...context.base,
    status: 'error',
    reason: `The answer model failed: ${draft.reason}`,
    answer: '',
    model: context.modelId,
    retrievedPassageIds: context.retrievedPassageIds,
    corpusVersion: context.corpusVersion,
    timings: { retrievalMs: context.retrievalMs, firstTokenMs: draft.firstTokenMs, totalMs: 0 },
  });
}

export function verifiedRecord(
  context: RecordContext,
  draft: Extract<Draft, { ok: true }>,
  verification: Verification,
  hits: readonly SearchHit[],
): AnswerRecord {
  const answered = verification.status === 'answered';
  return finish({
    ...context.base,
    status: verification.status,
    ...(answered ? {} : { reason: unsupportedReason }),
    // An abstention's answer is the engine's refusal: the model's unsupported draft must not reach a reader on any
    // surface as if it were an answer, and its citations back nothing. `sentences` keeps the verdicts (each
    // flagged unsupported) for diagnosis.
    answer: answered ? verification.answer : refusalAnswer(unsupportedReason),
    citations: answered ? verification.citations : [],
    sentences: verification.sentences,
    unsupportedSentences: verification.unsupportedSentences,
    droppedMarkers: verification.droppedMarkers,
    closestPassages: answered ? [] : closestPassages(hits),
    model: draft.model,
    ...(draft.fallback ? { fallback: draft.fallback } : {}),
    retrievedPassageIds: context.retrievedPassageIds,
    corpusVersion: context.corpusVersion,
    timings: { retrievalMs: context.retrievalMs, firstTokenMs: draft.firstTokenMs, totalMs: 0 },
  });
}

/** Stamps the total time and appends the record: a record is returned only once it is stored. */
export async function storeRecord(store: AnswerStore, record: AnswerRecord, started: number): Promise<AnswerRecord> {
  record.timings.totalMs = elapsedSince(started);
  await store.append(record);
  return record;
}

type RecordDraft = Omit<
  AnswerRecord,
  'citations' | 'sentences' | 'unsupportedSentences' | 'droppedMarkers' | 'closestPassages'
> &
  Partial<
    Pick<AnswerRecord, 'citations' | 'sentences' | 'unsupportedSentences' | 'droppedMarkers' | 'closestPassages'>
  >;

function finish(draft: RecordDraft): AnswerRecord {
  return {
    citations: [],
    sentences: [],
    unsupportedSentences: 0,
    droppedMarkers: 0,
    closestPassages: [],
    ...draft,
  };
}

/** Short, URL-safe, time-ordered ids: `a_` + base36 time + random. */
function newAnswerId(): string {
  return `a_${Date.now().toString(36)}${randomBytes(6).toString('base64url')}`;
}
