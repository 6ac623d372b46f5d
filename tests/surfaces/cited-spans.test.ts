/**
 * Every surface shows, for a citation, the span that supports the sentence citing it: the widget's chip opens its
 * passage at that span, the answer page and Slack list each span a source stands for, and the spreadsheet's quotes
 * column gives one line per span. The record comes from the verifier itself, over a passage cited by two sentences.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import { testPassage } from '../helpers/passages.js';
import type { AnswerRecord } from '../../src/answer/record.js';
import { verifyAnswer } from '../../src/answer/verify.js';
import { answerCells } from '../../src/batch/output-row.js';
import { renderAnswerPage } from '../../src/server/answer-page.js';
import { renderAnswerMessages } from '../../src/slack/render-blocks.js';
import { renderAssistantMessage, type MessageHandlers } from '../../src/widget/message-view.js';
import type { PassageRequest } from '../../src/widget/passage-viewer.js';
import type { AssistantMessage } from '../../src/widget/conversation.js';

const text =
  'Every bridge in the county is inspected each spring. An inspector may close a bridge the same day if a cable is frayed. The owner may appeal a closure to the county board within ten days.';
const passage: Passage = testPassage('bridge-code#s-2', {
  text,
  start: 40,
  end: 40 + text.length,
  heading: 'Bridge Code › Section 2',
  title: 'Bridge Code',
  publisher: 'County Office',
  url: 'https://example.org/bridges',
  published: '2021-03-01',
  contentHash: 'x',
});
const closing = 'An inspector may close a bridge the same day if a cable is frayed.';
const appeal = 'The owner may appeal a closure to the county board within ten days.';

function verifiedRecord(): AnswerRecord {
  const verified = verifyAnswer(
    `An inspector may close a bridge the same day if a cable is frayed [1]. The owner may appeal a closure to the county board within ten days [1].`,
    [passage],
  );
  return {
    id: 'a_test',
    createdAt: '2026-01-01T00:00:00.000Z',
    question: 'Can an inspector close a bridge, and can the owner appeal?',
    standaloneQuestion: 'Can an inspector close a bridge, and can the owner appeal?',
    status: 'answered',
    answer: verified.answer,
    citations: verified.citations,
    sentences: verified.sentences,
    unsupportedSentences: verified.unsupportedSentences,
    droppedMarkers: verified.droppedMarkers,
    closestPassages: [],
    filters: {},
    model: 'local',
    promptVersion: 'test',
    corpusVersion: 'test',
    retrievedPassageIds: [passage.id],
    timings: { retrievalMs: 0, totalMs: 0 },
  };
}

describe('per-sentence spans on every surface', () => {
  const record = verifiedRecord();

  it('the widget opens each chip at the span of its own sentence', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const opened: PassageRequest[] = [];
    const handlers = {
      openPassage: (request: PassageRequest) => opened.push(request),
    } as unknown as MessageHandlers;
    const message: AssistantMessage = {
      id: 'm1',
      role: 'assistant',
      question: record.question,
      state: 'done',
      text: '',
      record,
    };
    const view = renderAssistantMessage(document, message, handlers);
    const chips = [...view.querySelectorAll('.answer button.chip')] as HTMLElement[];
    expect(chips).toHaveLength(2);
    for (const chip of chips) chip.dispatchEvent(new document.defaultView!.Event('click'));
    expect(opened.map((request) => request.quote)).toEqual([closing, appeal]);
    expect(text.slice(opened[1]!.start! - passage.start, opened[1]!.end! - passage.start)).toBe(appeal);
  });

  it('the answer page lists both spans under the source and titles each marker with its own', () => {
    const { document } = parseHTML(renderAnswerPage(record, { jsonUrl: '/api/answers/a_test' }));
    expect([...document.querySelectorAll('#source-1 blockquote')].map((node) => node.textContent)).toEqual([
      closing,
      appeal,
    ]);
    expect([...document.querySelectorAll('a.citation')].map((node) => node.getAttribute('title'))).toEqual([
      closing,
      appeal,
    ]);
  });

  it('Slack quotes both spans under the source', () => {
    const blocks = JSON.stringify(renderAnswerMessages(record, { publicUrl: 'https://diligence.example' }));
    expect(blocks).toContain('An inspector may close a bridge the same day');
    expect(blocks).toContain('The owner may appeal a closure to the county board');
  });

  it("the spreadsheet's quotes column has one line per span", () => {
    expect(answerCells(1, record, 'https://diligence.example').quotes.split('\n')).toEqual([
      `[1] "${closing}"`,
      `[1] "${appeal}"`,
    ]);
  });
});
