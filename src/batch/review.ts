/**
 * What a reviewer scans first: a short answer (the lead sentence with its [n] markers, cut at a word near 300
 * characters) and a review state. `needs_review` marks abstentions, errors, answers with an unsupported sentence and
 * answers whose support is low; everything else is a `draft` a person still signs off.
 */
import type { AnswerRecord } from '../answer/record.js';
import { supportThreshold } from '../answer/support.js';

export const shortAnswerLength = 300;
/**
 * Mean support under which an answer is read first: a little above the bar a sentence must clear to count as
 * supported, so answers that only just cleared it are checked before the rest.
 */
export const reviewSupportThreshold = Math.min(1, supportThreshold + 0.1);

export type ReviewStatus = 'needs_review' | 'draft';

export function reviewStatus(record: AnswerRecord, meanSupport: number): ReviewStatus {
  if (record.status !== 'answered') return 'needs_review';
  if (record.unsupportedSentences > 0) return 'needs_review';
  if (record.sentences.some((sentence) => sentence.kind !== 'gap' && !sentence.supported)) return 'needs_review';
  return meanSupport < reviewSupportThreshold ? 'needs_review' : 'draft';
}

/** The lead sentence of plain answer text, markers included; a longer one is cut at a word and keeps its markers. */
export function shortAnswer(text: string): string {
  const trimmed = text.trim();
  const lead = /^[\s\S]*?[.!?](?:\s*\[\d+\])*(?=\s|$)/.exec(trimmed)?.[0] ?? trimmed;
  if (lead.length <= shortAnswerLength) return lead;
  const markers = [...new Set(lead.match(/\[\d+\]/g) ?? [])].join('');
  const room = shortAnswerLength - markers.length - 2;
  const cut = lead.slice(0, room);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(' '), Math.floor(room / 2))).trimEnd();
  return `${atWord}…${markers ? ` ${markers}` : ''}`;
}
