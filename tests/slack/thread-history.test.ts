import { describe, expect, it } from 'vitest';
import { continuationText, renderProgressMessage } from '../../src/slack/render-blocks.js';
import { progressLabels } from '../../src/slack/streaming-reply.js';
import { plainText, toConversationTurns } from '../../src/slack/thread-history.js';

describe('thread history as conversation turns', () => {
  const thread = [
    { ts: '100.000001', user: 'U1', text: '<@UBOT> Is Alibaba Cloud a security risk to Western companies?' },
    {
      ts: '100.000002',
      user: 'UBOT',
      bot_id: 'B1',
      text: 'Alibaba Cloud is subject to PRC law &amp; its data rules [1].',
    },
    { ts: '100.000003', user: 'U2', subtype: 'channel_join', text: '<@U2> has joined the channel' },
    { ts: '100.000005', user: 'U1', text: '<@UBOT> and for Tencent?' },
    { ts: '100.000006', user: 'UBOT', bot_id: 'B1', text: renderProgressMessage('', progressLabels.retrieving).text },
  ];

  it('maps the bot to the assistant and people to the user, oldest first, without mentions or escaping', () => {
    expect(toConversationTurns(thread, { currentTs: '100.000005', botUserId: 'UBOT' })).toEqual([
      { role: 'user', content: 'Is Alibaba Cloud a security risk to Western companies?' },
      { role: 'assistant', content: 'Alibaba Cloud is subject to PRC law & its data rules [1].' },
    ]);
  });

  it('leaves out the current message, later messages, joins and progress placeholders', () => {
    const turns = toConversationTurns([...thread].reverse(), { currentTs: '200.000000' });
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns.at(-1)!.content).toBe('and for Tencent?');
  });

  it('leaves out the placeholder of every progress phase and the continuation notes of long answers', () => {
    const botMessages = [
      ...Object.values(progressLabels).map((label) => renderProgressMessage('', label).text),
      continuationText(2, 3),
    ].map((text, index) => ({ ts: `2.${index + 1}`, user: 'UBOT', bot_id: 'B1', text }));
    const turns = toConversationTurns([{ ts: '1.1', user: 'U1', text: 'About Alibaba Cloud.' }, ...botMessages], {
      currentTs: '9.9',
    });
    expect(turns).toEqual([{ role: 'user', content: 'About Alibaba Cloud.' }]);
  });

  it('merges consecutive messages from one side into one turn', () => {
    const turns = toConversationTurns(
      [
        { ts: '1.1', user: 'U1', text: 'About Alibaba Cloud.' },
        { ts: '1.2', user: 'U3', text: 'Also its data centres in Germany.' },
      ],
      { currentTs: '9.9' },
    );
    expect(turns).toEqual([{ role: 'user', content: 'About Alibaba Cloud.\nAlso its data centres in Germany.' }]);
  });

  it('reads Slack links back as text', () => {
    expect(plainText('see <https://example.com/a|the register> and <https://example.com/b>')).toBe(
      'see the register (https://example.com/a) and https://example.com/b',
    );
  });
});
