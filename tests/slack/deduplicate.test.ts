import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackgroundTasks } from '../../src/slack/background-tasks.js';
import { drainSlackTasks } from '../../src/slack/runtime.js';
import { createDeduplicator } from '../../src/store/delivery-claims.js';
import { openFeedbackStore } from '../../src/store/feedback-store.js';
import { startFakeSlackServer, type FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';
import { commandForm, formContentType, interactionForm, signed, slackSettings } from './slack-requests.js';

describe('delivery deduplication', () => {
  it('takes a delivery on once and skips its redeliveries', () => {
    const deduplicator = createDeduplicator();
    expect(deduplicator.firstTime('event:Ev1')).toBe(true);
    expect(deduplicator.firstTime('event:Ev1')).toBe(false);
    expect(deduplicator.firstTime('event:Ev2')).toBe(true);
  });

  it('treats one message delivered under two event ids as one delivery', () => {
    const deduplicator = createDeduplicator();
    expect(deduplicator.firstTime('event:Ev1', 'message:D1:1.000100')).toBe(true);
    expect(deduplicator.firstTime('event:Ev2', 'message:D1:1.000100')).toBe(false);
  });

  it('forgets deliveries after the time limit and beyond the size limit', () => {
    let time = 0;
    const deduplicator = createDeduplicator({ ttlMs: 1_000, maxEntries: 3, now: () => time });
    deduplicator.firstTime('a');
    time = 2_000;
    expect(deduplicator.firstTime('a')).toBe(true);
    for (const key of ['b', 'c', 'd', 'e']) deduplicator.firstTime(key);
    expect(deduplicator.size).toBe(3);
    expect(deduplicator.firstTime('a')).toBe(true);
  });
});

describe('background tasks', () => {
  it('drains tasks, including tasks started by tasks, and reports failures instead of throwing', async () => {
    const failures: string[] = [];
    const tasks = createBackgroundTasks((name) => failures.push(name));
    const done: string[] = [];
    tasks.run('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push('outer');
      tasks.run('inner', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push('inner');
      });
    });
    tasks.run('broken', async () => {
      throw new Error('boom');
    });
    await tasks.drain();
    expect(done).toEqual(['outer', 'inner']);
    expect(failures).toEqual(['broken']);
    expect(tasks.size).toBe(0);
  });
});

describe('replayed Slack requests', () => {
  let slack: FakeSlackServer;
  let test: TestAssistant;
  beforeAll(async () => {
    slack = await startFakeSlackServer();
    test = await createTestAssistant({ settings: slackSettings(slack.apiUrl) });
  });
  afterAll(async () => {
    await test?.cleanup();
    await slack?.close();
  });

  /** Sends the very same signed request `times` times, as an attacker replaying it within five minutes would. */
  async function replay(route: string, body: string, times: number): Promise<void> {
    const request = signed(body, { contentType: formContentType });
    for (let attempt = 0; attempt < times; attempt += 1) {
      expect((await test.app.request(route, { ...request })).status).toBe(200);
    }
    await drainSlackTasks(test.assistant);
  }

  it('answers a slash command once however often its signed request is replayed', async () => {
    slack.reset();
    await replay(
      '/slack/commands',
      commandForm({ text: 'Does PIPL require a security assessment?', response_url: slack.responseUrl('replayed') }),
      3,
    );
    expect(slack.callsTo('response_url')).toHaveLength(1);
  });

  it('stores one feedback row for a 👍 click replayed three times', async () => {
    slack.reset();
    const click = interactionForm({
      type: 'block_actions',
      user: { id: 'U0REPLAY' },
      channel: { id: 'C0CHANNEL' },
      response_url: slack.responseUrl('replayed-click'),
      actions: [{ type: 'button', action_id: 'feedback_up', value: 'a_replayed', action_ts: '9.9' }],
    });
    await replay('/slack/interactions', click, 3);
    const store = await openFeedbackStore(test.dataDir);
    const stored = await store.list('a_replayed').finally(() => store.close());
    expect(stored).toHaveLength(1);
    expect(slack.callsTo('response_url')).toHaveLength(1);
  });
});
