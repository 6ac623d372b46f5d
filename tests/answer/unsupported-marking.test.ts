/**
 * One answer with a supported and a fabricated sentence, from a remote model over HTTP: every surface (widget,
 * Slack, CSV, the JSON record) marks the fabricated sentence, and only it, as unverified. An answer with nothing
 * supported is an abstention whose answer is the engine's refusal on every surface, never the model's draft.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerRecordSchema, type AnswerRecord } from '../../src/answer/record.js';
import { markUnsupportedSentences } from '../../src/answer/unsupported-sentences.js';
import { answerCells } from '../../src/batch/output-row.js';
import { renderAnswerMessages } from '../../src/slack/render-blocks.js';
import { renderAssistantMessage, type MessageHandlers } from '../../src/widget/message-view.js';
import { chatOver } from '../helpers/chat-client.js';
import { citeFirstPassage, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';
const fabricated =
  'Alibaba Cloud was fined 90 million euros by the Irish regulator in 2019 for selling customer databases';
const publicUrl = 'http://localhost:8787';
let openai: FakeOpenAIServer;
let fixture: TestAssistant;

beforeAll(async () => {
  openai = await startFakeOpenAIServer();
  fixture = await createTestAssistant({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'diligence-marking-')),
    settings: { ANSWER_MODEL: 'openai:fake-model', OPENAI_BASE_URL: openai.baseUrl, OPENAI_API_KEY: 'sk-test' },
  });
});
afterAll(async () => {
  await fixture.cleanup();
  await rm(fixture.dataDir, { recursive: true, force: true });
  await openai.close();
});
beforeEach(() => openai.reset());

async function ask(): Promise<AnswerRecord> {
  const response = await fixture.app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return answerRecordSchema.parse(await response.json());
}

function widgetText(record: AnswerRecord): { answer: string; flagged: string[] } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const handlers = {} as MessageHandlers;
  const view = renderAssistantMessage(
    document as unknown as Document,
    { role: 'assistant', id: 'm1', question, text: record.answer, state: 'streaming', record },
    handlers,
  );
  return {
    answer: view.querySelector('.answer')?.textContent ?? '',
    flagged: [...view.querySelectorAll('.unsupported')].map((node) => node.textContent ?? ''),
  };
}

function slackText(record: AnswerRecord): string {
  return renderAnswerMessages(record, { publicUrl })
    .flatMap((message) => message.blocks)
    .map((block) => (block.type === 'section' ? block.text.text : ''))
    .join('\n');
}

describe('an answer with one fabricated sentence', () => {
  let record: AnswerRecord;
  beforeAll(async () => {
    openai.reply = (userText) => `${citeFirstPassage(userText)} ${fabricated} [1].`;
    record = await ask();
  });

  it('is answered, with the fabricated sentence flagged in the JSON record', () => {
    expect(record.status).toBe('answered');
    expect(record.sentences.map((sentence) => sentence.supported)).toEqual([true, false]);
    expect(record.unsupportedSentences).toBe(1);
  });

  it('is marked the same way on every surface: the fabricated sentence, and only it', () => {
    const [supported, unsupported] = record.sentences.map((sentence) => sentence.text);
    const widget = widgetText(record);
    expect(widget.flagged).toHaveLength(1);
    expect(widget.flagged[0]).toContain(fabricated);
    expect(widget.flagged[0]).toContain('unverified');
    expect(widget.flagged[0]).not.toContain(supported!.slice(0, 40));

    const slack = slackText(record);
    expect(slack).toContain(`${unsupported} :warning: _unverified_`);
    expect(slack.match(/_unverified_/g)).toHaveLength(1);

    const csv = answerCells(1, record, publicUrl).answer;
    expect(csv).toContain(`${unsupported} [unverified]`);
    expect(csv.match(/\[unverified\]/g)).toHaveLength(1);
    expect(csv).toBe(markUnsupportedSentences(record.answer, record));
  });
});

describe('an answer with nothing supported', () => {
  it('is an abstention whose answer is the refusal on every surface, in the chat stream too', async () => {
    openai.reply = () => `${fabricated} [1].`;
    const record = await ask();
    expect(record.status).toBe('insufficient_evidence');
    expect(record.answer).toMatch(/^I can't answer this from the corpus\./);
    expect(record.citations).toEqual([]);
    expect(widgetText(record).answer).not.toContain('90 million');
    expect(slackText(record)).not.toContain('90 million');
    expect(answerCells(1, record, publicUrl).answer).not.toContain('90 million');

    const message = await chatOver(fixture.app, [
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] },
    ]);
    const text = message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    expect(text).not.toContain('90 million');
    expect(text).toMatch(/^I can't answer this from the corpus\./);
  });
});
