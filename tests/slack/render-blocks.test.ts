import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink, splitMrkdwn, unescapeMrkdwn } from '../../src/slack/mrkdwn.js';
import { actionIds, renderAnswerMessages, slackLimits, type SlackBlock } from '../../src/slack/render-blocks.js';
import { answerRecord, citation } from '../helpers/answer-records.js';

const publicUrl = 'https://diligence.example.com';

function allText(blocks: SlackBlock[]): string {
  return JSON.stringify(blocks);
}

function mrkdwnTexts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'section' || block.type === 'header'
      ? [block.text.text]
      : block.type === 'context'
        ? block.elements.map((element) => element.text)
        : [],
  );
}

describe('mrkdwn escaping', () => {
  it('escapes &, < and > so text cannot form Slack markup', () => {
    expect(escapeMrkdwn('AT&T <!channel> <@U123> <https://evil.example|Official PIPL text>')).toBe(
      'AT&amp;T &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|Official PIPL text&gt;',
    );
  });

  it('breaks bare @channel, @here and @everyone so they cannot notify anyone', () => {
    const escaped = escapeMrkdwn('Ping @channel, @here and @Everyone now');
    expect(escaped).not.toMatch(/@(channel|here|everyone)/i);
    expect(unescapeMrkdwn(escaped)).toBe('Ping @channel, @here and @Everyone now');
  });

  it('round-trips through unescape', () => {
    const text = 'a < b && c > d &amp; e';
    expect(unescapeMrkdwn(escapeMrkdwn(text))).toBe(text);
  });

  it('shows Markdown links as text and address, never as a Slack link with hidden target', () => {
    expect(markdownToMrkdwn('See [the official text](https://evil.example/x).')).toBe(
      'See the official text (https://evil.example/x).',
    );
  });

  it('translates bold, headings and bullets', () => {
    expect(markdownToMrkdwn('## Risks\n- **Data access** by authorities [1]\n* second')).toBe(
      '*Risks*\n• *Data access* by authorities [1]\n• second',
    );
  });

  it('links only http(s) addresses and keeps the label from closing the link', () => {
    expect(mrkdwnLink('https://example.com/a?b=1&c=2', 'Title | with > pipe')).toBe(
      '<https://example.com/a?b=1&amp;c=2|Title ¦ with &gt; pipe>',
    );
    expect(mrkdwnLink('javascript:alert(1)', 'Title')).toBe('Title');
    expect(mrkdwnLink('https://example.com/a b', 'Title')).toBe('Title');
  });

  it('splits long text at boundaries within the limit without cutting an entity', () => {
    const paragraph = 'Risk &amp; controls. '.repeat(40).trim();
    const pieces = splitMrkdwn(`${paragraph}\n\n${paragraph}`, 500);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(500);
      expect(piece).not.toMatch(/&[a-z]*$/);
      expect(piece).not.toMatch(/^[a-z]*;/);
    }
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(`${paragraph} ${paragraph}`);
    const unbroken = '&amp;'.repeat(300);
    for (const piece of splitMrkdwn(unbroken, 998)) expect(piece).toMatch(/^(&amp;)+$/);
  });
});

describe('Block Kit rendering of an answer record', () => {
  it('renders the question, the answer with [n] markers, numbered sources, the permalink and feedback buttons', () => {
    const [message, ...rest] = renderAnswerMessages(answerRecord(), { publicUrl });
    expect(rest).toEqual([]);
    const texts = mrkdwnTexts(message!.blocks);
    expect(texts[0]).toBe('*Question:* Is Alibaba Cloud a security risk to Western companies?');
    expect(texts[1]).toContain('authorities [1]');
    expect(texts).toContain('*Sources*');
    const source = texts.find((text) => text.startsWith('*[1]*'))!;
    expect(source).toContain(
      '<https://flk.npc.gov.cn/detail2.html?ZmY4MDgxODE3YjY0NzJhMzAxN2I2NGQ5MmQ3MTAwNDE|Personal Information Protection Law of the PRC>',
    );
    expect(source).toContain("National People's Congress Standing Committee, 2021-08-20, PRC");
    expect(source).toContain('_PIPL › Chapter III › Article 38_');
    expect(source).toContain('\n> Personal information handlers');
    expect(texts.some((text) => text.startsWith('*[2]*'))).toBe(true);
    expect(texts.at(-1)).toContain(`<${publicUrl}/answers/ans_01TEST|Permalink>`);
    const actions = message!.blocks.at(-1)!;
    expect(actions.type).toBe('actions');
    if (actions.type !== 'actions') return;
    expect(actions.elements.map((element) => [element.action_id, element.value])).toEqual([
      [actionIds.feedbackUp, 'ans_01TEST'],
      [actionIds.feedbackDown, 'ans_01TEST'],
    ]);
    expect(message!.text).toContain('authorities [1]');
  });

  it('adds a Share in channel button to ephemeral answers and credits whoever shared', () => {
    const [privateAnswer] = renderAnswerMessages(answerRecord(), { publicUrl, share: true });
    expect(allText(privateAnswer!.blocks)).toContain(`"action_id":"${actionIds.share}"`);
    const [shared] = renderAnswerMessages(answerRecord(), { publicUrl, sharedBy: 'U0SHARER' });
    expect(allText(shared!.blocks)).not.toContain(actionIds.share);
    expect(mrkdwnTexts(shared!.blocks)[0]).toContain('shared by <@U0SHARER>');
  });

  it('escapes corpus and model text everywhere, so a passage cannot ping the channel or forge a link', () => {
    const hostile = answerRecord({
      question: 'What about <!channel> & <@U999>?',
      answer: 'Alert <!here> @channel: see <https://evil.example|the official register> [1].',
      citations: [
        citation(1, {
          title: 'Register <https://evil.example|official> & more',
          publisher: 'Ministry <!everyone>',
          heading: 'Notice › <@U123>',
          quote: 'Click <https://evil.example|here> @here',
        }),
      ],
    });
    const [message] = renderAnswerMessages(hostile, { publicUrl });
    for (const text of [...mrkdwnTexts(message!.blocks), message!.text]) {
      expect(text).not.toMatch(/<!|<@U(?!0SHARER)|<https:\/\/evil/);
      expect(text).not.toMatch(/@(channel|here|everyone)/);
    }
    expect(allText(message!.blocks)).toContain('&lt;https://evil.example|the official register&gt;');
  });

  it('gives each source the date that fits it and its as-of date', () => {
    const dateLine = 'in force since 1 June 2017 · as of 1 December 2025';
    const [message] = renderAnswerMessages(answerRecord({ citations: [citation(1, { dateLine })] }), { publicUrl });
    expect(mrkdwnTexts(message!.blocks).some((text) => text.startsWith('*[1]*') && text.includes(dateLine))).toBe(true);
  });

  it('explains an abstention and shows what the corpus does have', () => {
    const [message] = renderAnswerMessages(
      answerRecord({
        status: 'insufficient_evidence',
        reason: 'No passage in the corpus supports an answer about this vendor.',
        answer: '',
        citations: [],
        closestPassages: [
          {
            passageId: 'nis2#art-21',
            documentId: 'nis2',
            title: 'NIS2 Directive',
            publisher: 'European Union',
            url: 'https://eur-lex.europa.eu/eli/dir/2022/2555/oj',
            published: '2022-12-14',
            type: 'law',
            jurisdiction: 'EU',
            heading: 'NIS2 › Article 21',
            score: 0.4,
            snippet: 'Entities shall take measures to manage supply-chain risks.',
            dateLine: 'applies since 18 October 2024 · as of 15 February 2026',
          },
        ],
      }),
      { publicUrl },
    );
    const texts = mrkdwnTexts(message!.blocks);
    expect(texts[1]).toContain('Not enough evidence in the corpus');
    expect(texts[1]).toContain('No passage in the corpus supports');
    expect(texts).toContain('*What the corpus does have*');
    expect(texts.some((text) => text.includes('<https://eur-lex.europa.eu/eli/dir/2022/2555/oj|NIS2 Directive>'))).toBe(
      true,
    );
    expect(texts.some((text) => text.includes('(applies since 18 October 2024 · as of 15 February 2026)'))).toBe(true);
    expect(texts).not.toContain('*Sources*');
    expect(message!.text).toBe('No passage in the corpus supports an answer about this vendor.');
  });

  it('shows errors and out-of-scope refusals without feedback on errors', () => {
    const [error] = renderAnswerMessages(
      answerRecord({ status: 'error', answer: '', citations: [], reason: 'model timed out' }),
      {
        publicUrl,
      },
    );
    expect(mrkdwnTexts(error!.blocks)[1]).toContain('could not answer');
    expect(error!.blocks.some((block) => block.type === 'actions')).toBe(false);
    const [outOfScope] = renderAnswerMessages(
      answerRecord({ status: 'out_of_scope', answer: 'I answer vendor due-diligence questions only.', citations: [] }),
      { publicUrl },
    );
    expect(mrkdwnTexts(outOfScope!.blocks)[1]).toContain('outside vendor due diligence');
  });

  it('splits a long answer with many sources within Slack block and text limits, feedback on the last message', () => {
    const sentence = 'Vendors processing EU personal data in the PRC must meet transfer and localisation rules [1]. ';
    const record = answerRecord({
      answer: Array.from({ length: 12 }, () => sentence.repeat(40)).join('\n\n'),
      citations: Array.from({ length: 40 }, (_, index) => citation(index + 1, { quote: 'Long quote. '.repeat(60) })),
    });
    const messages = renderAnswerMessages(record, { publicUrl });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(slackLimits.blocksPerMessage);
      expect(message.text.length).toBeLessThanOrEqual(slackLimits.fallbackText);
      for (const text of mrkdwnTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(slackLimits.sectionText);
    }
    const sourceNumbers = messages
      .flatMap((message) => mrkdwnTexts(message.blocks))
      .map((text) => /^\*\[(\d+)\]\*/.exec(text)?.[1])
      .filter(Boolean)
      .map(Number);
    expect(sourceNumbers).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    expect(messages.slice(0, -1).some((message) => message.blocks.some((block) => block.type === 'actions'))).toBe(
      false,
    );
  });
});
