/**
 * A Markdown image planted in a corpus document (tests/fixtures/hostile-corpus) reaches answers verbatim, because
 * the local model quotes passages. No surface may turn it into an image or a link to the host that planted it: the
 * widget, Slack and the CSV show its description instead.
 */
import { parseHTML } from 'linkedom';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRecordSchema, type AnswerRecord } from '../../src/answer/record.js';
import { answerCells } from '../../src/batch/output-row.js';
import { renderAnswerMessages } from '../../src/slack/render-blocks.js';
import { renderAssistantMessage, type MessageHandlers } from '../../src/widget/message-view.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

const plantedHost = 'tracker.example';
let fixture: TestAssistant;
let record: AnswerRecord;

beforeAll(async () => {
  fixture = await createTestAssistant({ corpusDir: path.resolve('tests/fixtures/hostile-corpus') });
  const response = await fixture.app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: 'Where does Contoso Cloud post the incident status?' }),
  });
  record = answerRecordSchema.parse(await response.json());
});
afterAll(async () => fixture?.cleanup());

describe('a Markdown image in the corpus', () => {
  it('reaches the answer record verbatim (the record is data)', () => {
    expect(record.status).toBe('answered');
    expect(record.answer).toContain(`![Contoso status badge](https://${plantedHost}/`);
  });

  it('is its description in the widget: no image, no link to its host', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const view = renderAssistantMessage(
      document as unknown as Document,
      { role: 'assistant', id: 'm1', question: record.question, text: record.answer, state: 'done', record },
      {} as MessageHandlers,
    );
    const answer = view.querySelector('.answer')!;
    expect(answer.querySelectorAll('img, a')).toHaveLength(0);
    expect(answer.textContent).toContain('[image: Contoso status badge]');
    expect(answer.textContent).not.toContain(plantedHost);
  });

  it('is its description in Slack, in the answer and in the quoted sources', () => {
    const blocks = JSON.stringify(renderAnswerMessages(record, { publicUrl: 'http://localhost:8787' }));
    expect(blocks).toContain('[image: Contoso status badge]');
    expect(blocks).not.toContain(plantedHost);
  });

  it('is its description in the CSV answer column', () => {
    const answer = answerCells(1, record, 'http://localhost:8787').answer;
    expect(answer).toContain('[image: Contoso status badge]');
    expect(answer).not.toContain(plantedHost);
  });
});
