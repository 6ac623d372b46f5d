import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../src/answer/record.js';
import { slackRuntime, drainSlackTasks } from '../../src/slack/runtime.js';
import {
  fakeBotUserId,
  startFakeSlackServer,
  type FakeSlackServer,
  type RecordedCall,
} from '../helpers/fake-slack-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { botToken, eventEnvelope, signed, slackSettings } from './slack-requests.js';

const publicUrl = 'https://diligence.example.com';
const question = 'Is Alibaba Cloud a security risk to Western companies?';

let slack: FakeSlackServer;
let test: TestAssistant;

beforeAll(async () => {
  slack = await startFakeSlackServer();
  test = await createTestAssistant({
    settings: slackSettings(slack.apiUrl, { PUBLIC_URL: publicUrl }),
  });
});
afterAll(async () => {
  await test?.cleanup();
  await slack?.close();
});
beforeEach(() => slack.reset());

let eventCounter = 0;
function mention(text: string, options: { ts: string; threadTs?: string; channel?: string; eventId?: string }) {
  return eventEnvelope(
    {
      type: 'app_mention',
      user: 'U0ASKER',
      text,
      ts: options.ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      channel: options.channel ?? 'C0CHANNEL',
      event_ts: options.ts,
    },
    options.eventId ?? `Ev${++eventCounter}`,
  );
}

/** Posts a user's message into the fake workspace and delivers its app_mention; returns the message ts. */
async function mentionFromUser(text: string, threadTs?: string, headers: Record<string, string> = {}) {
  const ts = slack.addUserMessage({ channel: 'C0CHANNEL', user: 'U0ASKER', text, thread_ts: threadTs });
  const response = await test.app.request('/slack/events', signed(mention(text, { ts, threadTs }), { headers }));
  return { ts, response };
}

function finalUpdate(): RecordedCall {
  const update = slack.callsTo('chat.update').findLast((call) => Array.isArray(call.params.blocks));
  if (!update) throw new Error('no final chat.update');
  return update;
}

function answerIdOf(call: RecordedCall): string {
  const match = /\/answers\/([^|>]+)\|Permalink/.exec(JSON.stringify(call.params.blocks));
  if (!match?.[1]) throw new Error('no permalink in the final message');
  return decodeURIComponent(match[1]);
}

async function recordOf(call: RecordedCall): Promise<AnswerRecord> {
  const record = await test.assistant.getAnswer(answerIdOf(call));
  if (!record) throw new Error('the answer was not stored');
  return record;
}

describe('Slack Events API endpoint', () => {
  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({
      token: 'x',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const response = await test.app.request('/slack/events', signed(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses invalid and stale signatures with 401 and does nothing', async () => {
    const body = mention(`<@${fakeBotUserId}> ${question}`, { ts: '1.000001' });
    const forged = await test.app.request('/slack/events', signed(body, { secret: 'not-the-secret' }));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'unauthorized' } });

    const stale = await test.app.request(
      '/slack/events',
      signed(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
    );
    expect(stale.status).toBe(401);

    const tampered = signed(body);
    tampered.body = body.replace('Alibaba', 'Tencent');
    expect((await test.app.request('/slack/events', tampered)).status).toBe(401);

    const unsigned = await test.app.request('/slack/events', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);

    await drainSlackTasks(test.assistant);
    expect(slack.calls).toEqual([]);
  });

  it('refuses bodies larger than Slack ever sends', async () => {
    const body = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(300 * 1024) });
    const response = await test.app.request('/slack/events', signed(body));
    expect(response.status).toBe(413);
  });

  it('acknowledges a mention at once and answers in its thread with source blocks', async () => {
    const started = Date.now();
    const { ts, response } = await mentionFromUser(`<@${fakeBotUserId}> ${question}`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    // The answer is still being written when Slack gets its acknowledgement.
    expect(slackRuntime(test.assistant)!.tasks.size).toBeGreaterThan(0);

    await drainSlackTasks(test.assistant);
    const [placeholder] = slack.callsTo('chat.postMessage');
    expect(placeholder!.params).toMatchObject({ channel: 'C0CHANNEL', thread_ts: ts });
    expect(placeholder!.token).toBe(botToken);

    const final = finalUpdate();
    const record = await recordOf(final);
    expect(record.question).toBe(question);
    expect(record.status).toBe('answered');
    expect(record.citations.length).toBeGreaterThan(0);
    const blocks = JSON.stringify(final.params.blocks);
    expect(blocks).toContain('*Sources*');
    for (const citation of record.citations) expect(blocks).toContain(`*[${citation.n}]*`);
    expect(blocks).toContain(`${publicUrl}/answers/${record.id}`);
    expect(blocks).toContain('"action_id":"feedback_up"');
    const stored = slack.messages.find((message) => message.ts === final.params.ts)!;
    expect(stored.thread_ts).toBe(ts);
  });

  it('answers a retried delivery only once', async () => {
    const ts = slack.addUserMessage({ channel: 'C0CHANNEL', user: 'U0ASKER', text: question });
    const body = mention(`<@${fakeBotUserId}> ${question}`, { ts, eventId: 'EvRETRY' });
    expect((await test.app.request('/slack/events', signed(body))).status).toBe(200);
    const retry = await test.app.request(
      '/slack/events',
      signed(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
    );
    expect(retry.status).toBe(200);
    // The same message delivered again as a DM event (another event id) is the same question.
    const asDirectMessage = eventEnvelope(
      { type: 'message', channel_type: 'im', channel: 'C0CHANNEL', user: 'U0ASKER', text: question, ts },
      'EvOTHER',
    );
    expect((await test.app.request('/slack/events', signed(asDirectMessage))).status).toBe(200);
    await drainSlackTasks(test.assistant);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('ignores its own messages and other bots', async () => {
    const own = eventEnvelope(
      { type: 'message', channel_type: 'im', channel: 'D1', user: fakeBotUserId, text: 'an answer', ts: '5.000001' },
      'EvOWN',
    );
    const bot = eventEnvelope(
      { type: 'message', channel_type: 'im', channel: 'D1', bot_id: 'B0OTHER', text: 'hello', ts: '5.000002' },
      'EvBOT',
    );
    const edit = eventEnvelope(
      { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D1', ts: '5.000003' },
      'EvEDIT',
    );
    for (const body of [own, bot, edit])
      expect((await test.app.request('/slack/events', signed(body))).status).toBe(200);
    await drainSlackTasks(test.assistant);
    expect(slack.calls).toEqual([]);
  });

  it('answers a direct message in its thread', async () => {
    const ts = slack.addUserMessage({ channel: 'D0DIRECT', user: 'U0ASKER', text: question });
    const body = eventEnvelope(
      { type: 'message', channel_type: 'im', channel: 'D0DIRECT', user: 'U0ASKER', text: question, ts },
      'EvDM',
    );
    expect((await test.app.request('/slack/events', signed(body))).status).toBe(200);
    await drainSlackTasks(test.assistant);
    expect(slack.callsTo('chat.postMessage')[0]!.params).toMatchObject({ channel: 'D0DIRECT', thread_ts: ts });
    expect(JSON.stringify(finalUpdate().params.blocks)).toContain('*Sources*');
  });

  it('resolves a follow-up in a thread from the thread history', async () => {
    const first = await mentionFromUser(`<@${fakeBotUserId}> ${question}`);
    await drainSlackTasks(test.assistant);
    const firstRecord = await recordOf(finalUpdate());

    await mentionFromUser(`<@${fakeBotUserId}> and for Tencent?`, first.ts);
    await drainSlackTasks(test.assistant);
    const [replies] = slack.callsTo('conversations.replies');
    expect(replies!.params).toMatchObject({ channel: 'C0CHANNEL', ts: first.ts });

    const followUp = await recordOf(finalUpdate());
    expect(followUp.id).not.toBe(firstRecord.id);
    expect(followUp.question).toBe('and for Tencent?');
    expect(followUp.standaloneQuestion).toMatch(/Tencent/);
    expect(followUp.standaloneQuestion).toMatch(/security risk/i);
    // Both replies are in the first message's thread.
    expect(slack.callsTo('chat.postMessage').every((call) => call.params.thread_ts === first.ts)).toBe(true);
  });

  it('retries a ratelimited Slack call after Retry-After and still answers once', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const { ts } = await mentionFromUser(`<@${fakeBotUserId}> ${question}`);
    await drainSlackTasks(test.assistant);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((call) => call.status)).toEqual([429, 200]);
    expect(posts[1]!.receivedAt - posts[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
    expect(slack.messages.filter((message) => message.thread_ts === ts)).toHaveLength(1);
    expect(JSON.stringify(finalUpdate().params.blocks)).toContain('*Sources*');
  });

  it('cites the same passages as /api/ask for the same question', async () => {
    await mentionFromUser(`<@${fakeBotUserId}> ${question}`);
    await drainSlackTasks(test.assistant);
    const final = finalUpdate();
    const slackRecord = await recordOf(final);

    const response = await test.app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    expect(response.status).toBe(200);
    const apiRecord = (await response.json()) as AnswerRecord;
    const cited = (record: AnswerRecord) =>
      record.citations.map(({ n, passageId, url, quote }) => ({ n, passageId, url, quote }));
    expect(cited(slackRecord).length).toBeGreaterThan(0);
    expect(cited(slackRecord)).toEqual(cited(apiRecord));
    // And the blocks show exactly those sources, in order.
    const shown = [...JSON.stringify(final.params.blocks).matchAll(/\*\[(\d+)\]\* (?:<([^|>]+)\|)?/g)].map((match) => [
      Number(match[1]),
      (match[2] ?? '').replace(/&amp;/g, '&'),
    ]);
    expect(shown).toEqual(apiRecord.citations.map((citation) => [citation.n, citation.url]));
  });
});

describe('Slack endpoints without Slack settings', () => {
  it('answer 503 not_configured', async () => {
    const off = await createTestAssistant({ dataDir: test.dataDir });
    try {
      for (const path of ['/slack/events', '/slack/commands', '/slack/interactions']) {
        const response = await off.app.request(path, signed('{}'));
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          error: { code: 'not_configured', message: expect.stringMatching(/SLACK_SIGNING_SECRET/) },
        });
      }
    } finally {
      await off.assistant.close();
    }
  });
});
