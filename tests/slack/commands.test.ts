import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drainSlackTasks } from '../../src/slack/runtime.js';
import { startFakeSlackServer, type FakeSlackServer, type RecordedCall } from '../helpers/fake-slack-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { openFeedbackStore } from '../../src/store/feedback-store.js';
import { commandForm, formContentType, interactionForm, signed, slackSettings } from './slack-requests.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';

let slack: FakeSlackServer;
let test: TestAssistant;

beforeAll(async () => {
  slack = await startFakeSlackServer();
  test = await createTestAssistant({
    settings: slackSettings(slack.apiUrl, { SLACK_COMMAND: '/diligence', PUBLIC_URL: 'https://diligence.example.com' }),
  });
});
afterAll(async () => {
  await test?.cleanup();
  await slack?.close();
});
beforeEach(() => slack.reset());

const form = (body: string) => signed(body, { contentType: formContentType });

function blockText(call: RecordedCall): string {
  return JSON.stringify(call.params.blocks ?? []);
}

function answerIdOf(call: RecordedCall): string {
  const blocks = (call.params.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[];
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'feedback_up');
  if (!button?.value) throw new Error('no feedback button in the message');
  return button.value;
}

/** Runs the slash command to completion; returns the private answer as posted to the response URL. */
async function askPrivately(): Promise<RecordedCall> {
  const response = await test.app.request(
    '/slack/commands',
    form(commandForm({ text: question, response_url: slack.responseUrl('command-1') })),
  );
  expect(response.status).toBe(200);
  await drainSlackTasks(test.assistant);
  const [answer] = slack.callsTo('response_url');
  if (!answer) throw new Error('no answer was posted to the response_url');
  return answer;
}

describe('slash command', () => {
  it('acknowledges at once with an ephemeral note, then answers privately with a Share button', async () => {
    const started = Date.now();
    const response = await test.app.request(
      '/slack/commands',
      form(commandForm({ text: question, response_url: slack.responseUrl('command-1') })),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(200);
    const acknowledgement = (await response.json()) as { response_type: string; text: string };
    expect(acknowledgement.response_type).toBe('ephemeral');
    expect(acknowledgement.text).toContain('Looking into');

    await drainSlackTasks(test.assistant);
    const [answer] = slack.callsTo('response_url');
    expect(answer!.path).toBe('/response/command-1');
    expect(answer!.params).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(blockText(answer!)).toContain('*Sources*');
    expect(blockText(answer!)).toContain('"action_id":"share_in_channel"');
    const record = await test.assistant.getAnswer(answerIdOf(answer!));
    expect(record).toMatchObject({ question, status: 'answered' });
    // Nothing was posted for everyone to see.
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('shows help for "help" and for no text, without asking the engine', async () => {
    for (const text of ['help', '']) {
      const response = await test.app.request(
        '/slack/commands',
        form(commandForm({ text, response_url: slack.responseUrl('h') })),
      );
      const body = (await response.json()) as { response_type: string; blocks: unknown[] };
      expect(body.response_type).toBe('ephemeral');
      expect(JSON.stringify(body.blocks)).toContain('/diligence <question>');
    }
    await drainSlackTasks(test.assistant);
    expect(slack.calls).toEqual([]);
  });

  it('refuses an unsigned command', async () => {
    const response = await test.app.request('/slack/commands', {
      method: 'POST',
      headers: { 'content-type': formContentType },
      body: commandForm({ text: question }),
    });
    expect(response.status).toBe(401);
  });

  it('falls back to chat.postEphemeral when the response_url is not Slack', async () => {
    await test.app.request(
      '/slack/commands',
      form(commandForm({ text: question, response_url: 'https://attacker.example/hook' })),
    );
    await drainSlackTasks(test.assistant);
    const [ephemeral] = slack.callsTo('chat.postEphemeral');
    expect(ephemeral!.params).toMatchObject({ channel: 'C0CHANNEL', user: 'U0ASKER' });
    expect(blockText(ephemeral!)).toContain('*Sources*');
  });

  it('shares the private answer in the channel when Share is clicked', async () => {
    const privateAnswer = await askPrivately();
    const answerId = answerIdOf(privateAnswer);
    slack.reset();

    const click = interactionForm({
      type: 'block_actions',
      user: { id: 'U0ASKER' },
      channel: { id: 'C0CHANNEL' },
      container: { type: 'message', is_ephemeral: true, channel_id: 'C0CHANNEL' },
      response_url: slack.responseUrl('share-1'),
      actions: [{ type: 'button', action_id: 'share_in_channel', value: answerId, action_ts: '1.2' }],
    });
    const response = await test.app.request('/slack/interactions', form(click));
    expect(response.status).toBe(200);
    await drainSlackTasks(test.assistant);

    const [shared, removal] = slack.callsTo('response_url');
    expect(shared!.params).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(blockText(shared!)).toContain('shared by <@U0ASKER>');
    expect(blockText(shared!)).toContain('*Sources*');
    expect(blockText(shared!)).not.toContain('share_in_channel');
    expect(answerIdOf(shared!)).toBe(answerId);
    expect(removal!.params).toEqual({ delete_original: true });
  });
});

describe('feedback buttons', () => {
  it('store 👍 and 👎 through the assistant and thank the user privately', async () => {
    const answerId = answerIdOf(await askPrivately());
    slack.reset();
    for (const [actionId, user] of [
      ['feedback_down', 'U0CRITIC'],
      ['feedback_up', 'U0FAN'],
    ] as const) {
      const click = interactionForm({
        type: 'block_actions',
        user: { id: user },
        channel: { id: 'C0CHANNEL' },
        response_url: slack.responseUrl(`feedback-${user}`),
        actions: [{ type: 'button', action_id: actionId, value: answerId, action_ts: '1.3' }],
      });
      expect((await test.app.request('/slack/interactions', form(click))).status).toBe(200);
    }
    await drainSlackTasks(test.assistant);

    // Read back through the store the widget's feedback goes to.
    const store = await openFeedbackStore(test.dataDir);
    const stored = await store.list(answerId).finally(() => store.close());
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ answerId, rating: 'down', source: 'slack', user: 'U0CRITIC' }),
        expect.objectContaining({ answerId, rating: 'up', source: 'slack', user: 'U0FAN' }),
      ]),
    );
    const thanks = slack.callsTo('response_url');
    expect(thanks).toHaveLength(2);
    for (const call of thanks) {
      expect(call.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(call.params.text)).toContain('Thanks');
    }
  });

  it('acknowledges link buttons and unknown payloads without doing anything', async () => {
    const permalink = interactionForm({
      type: 'block_actions',
      user: { id: 'U0ASKER' },
      response_url: slack.responseUrl('link'),
      actions: [{ type: 'button', action_id: 'open_permalink', action_ts: '1.4' }],
    });
    const shortcut = interactionForm({ type: 'shortcut', callback_id: 'x', user: { id: 'U0ASKER' } });
    for (const body of [permalink, shortcut])
      expect((await test.app.request('/slack/interactions', form(body))).status).toBe(200);
    await drainSlackTasks(test.assistant);
    expect(slack.calls).toEqual([]);
  });
});
