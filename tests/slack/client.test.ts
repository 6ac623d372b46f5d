import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/slack/client.js';
import { startStreamingReply } from '../../src/slack/streaming-reply.js';
import { startFakeSlackServer, type FakeSlackServer } from '../helpers/fake-slack-server.js';

let slack: FakeSlackServer;
beforeAll(async () => {
  slack = await startFakeSlackServer();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const client = () =>
  createSlackClient(
    { signingSecret: 's', botToken: 'xoxb-test', apiUrl: slack.apiUrl, command: '/diligence' },
    'silent',
  );

describe('Slack Web API client', () => {
  it('sends the bot token to the configured API base', async () => {
    await client().chat.postMessage({ channel: 'C1', text: 'hello' });
    const [call] = slack.callsTo('chat.postMessage');
    expect(call).toMatchObject({ token: 'xoxb-test', params: { channel: 'C1', text: 'hello' } });
  });

  it('waits as long as Retry-After asks and retries a ratelimited call', async () => {
    slack.rateLimitNext('chat.postMessage', 1);
    const response = await client().chat.postMessage({ channel: 'C1', text: 'after the limit' });
    expect(response.ok).toBe(true);
    const calls = slack.callsTo('chat.postMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.receivedAt - calls[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
    expect(slack.messages.map((message) => message.text)).toEqual(['after the limit']);
  });

  it('surfaces Slack platform errors', async () => {
    slack.failNext('chat.postMessage', 'channel_not_found');
    await expect(client().chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toThrow(/channel_not_found/);
  });
});

describe('streaming reply', () => {
  it('posts a placeholder in the thread, edits it as text arrives, and finalises it', async () => {
    const reply = await startStreamingReply({ client: client(), channel: 'C1', threadTs: '1.000001', intervalMs: 20 });
    reply.phase('generating');
    for (const word of 'Alibaba Cloud is subject to PRC law [1].'.split(' ')) {
      reply.append(`${word} `);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await reply.finish([
      { text: 'final', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'final answer' } }] },
      { text: '(continued, part 2 of 2)', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'more' } }] },
    ]);

    const [placeholder, continuation] = slack.callsTo('chat.postMessage');
    expect(placeholder!.params).toMatchObject({ channel: 'C1', thread_ts: '1.000001', text: 'Searching the corpus…' });
    expect(continuation!.params).toMatchObject({
      channel: 'C1',
      thread_ts: '1.000001',
      text: '(continued, part 2 of 2)',
    });
    const updates = slack.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(reply.updates).toBe(updates.length - 1);
    expect(updates.every((call) => call.params.ts === reply.ts)).toBe(true);
    expect(updates.at(-1)!.params).toMatchObject({ text: 'final' });
    expect(slack.messages.find((message) => message.ts === reply.ts)!.text).toBe('final');
  });

  it('sends no more than one edit per interval however fast text arrives', async () => {
    const reply = await startStreamingReply({
      client: client(),
      channel: 'C1',
      threadTs: '1.000001',
      intervalMs: 60_000,
    });
    for (let index = 0; index < 200; index++) reply.append('word ');
    await reply.finish([{ text: 'final', blocks: [] }]);
    // The only edit is the final one: the first intermediate edit was still waiting for its interval.
    expect(slack.callsTo('chat.update').map((call) => call.params.text)).toEqual(['final']);
  });
});
