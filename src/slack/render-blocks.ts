/**
 * The answer record as Slack Block Kit messages: the question, the answer with its `[n]` markers, a Sources section
 * (number, title — publisher, date, link, short quote), the abstention states, a permalink and the 👍/👎 (and, for
 * ephemeral answers, "Share in channel") buttons. Every piece of corpus or model text goes through `mrkdwn.ts`.
 * Long answers are split to stay within Slack's limits: 3,000 characters per section text, 50 blocks per message.
 */
import { answerPermalink, type AnswerRecord, type Citation, type SourcePassage } from '../answer/record.js';
import { spansOfCitation } from '../answer/cited-spans.js';
import { describeMarkdownImages } from '../answer/markdown-images.js';
import { markUnsupportedSentences, unverifiedLabel } from '../answer/unsupported-sentences.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnLink, splitMrkdwn, truncateText } from './mrkdwn.js';

export const slackLimits = {
  sectionText: 3000,
  contextText: 3000,
  blocksPerMessage: 50,
  buttonText: 75,
  /** The notification/fallback `text`; Slack truncates at 40,000 but recommends far less. */
  fallbackText: 3000,
  /** Our own budget of characters across one message's blocks, so a message stays comfortably readable and postable. */
  messageCharacters: 12_000,
} as const;

export const actionIds = {
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  share: 'share_in_channel',
  permalink: 'open_permalink',
} as const;

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'section'; text: TextObject; block_id?: string }
  | { type: 'context'; elements: TextObject[]; block_id?: string }
  | { type: 'divider'; block_id?: string }
  | { type: 'header'; text: TextObject; block_id?: string }
  | { type: 'actions'; elements: SlackButton[]; block_id?: string };

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: TextObject;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface SlackMessage {
  /** Fallback and notification text; also what thread history reads back for the assistant's turns. */
  text: string;
  blocks: SlackBlock[];
}

export interface RenderOptions {
  /** Public base URL of the server, for the answer's permalink. */
  publicUrl: string;
  /** Adds a "Share in channel" button (ephemeral slash-command answers). */
  share?: boolean;
  /** Slack user id of whoever shared the answer into the channel. */
  sharedBy?: string;
}

const maxQuoteCharacters = 280;
const maxClosestPassages = 3;

/** One or more messages (the first replaces the placeholder, the rest follow in the thread). */
export function renderAnswerMessages(record: AnswerRecord, options: RenderOptions): SlackMessage[] {
  const body = [...questionBlocks(record, options), ...statusBlocks(record), ...sourceBlocks(record)];
  const footer = footerBlocks(record, options);
  return packMessages(body, footer, fallbackText(record));
}

/** The plain answer text shown in notifications and read back as the assistant's turn in a thread. */
export function fallbackText(record: AnswerRecord): string {
  if (record.answer.trim() === '')
    return escapeMrkdwn(truncateText(record.reason ?? record.status, slackLimits.fallbackText));
  const [first = '', ...rest] = splitMrkdwn(markdownToMrkdwn(record.answer), slackLimits.fallbackText - 2);
  return rest.length > 0 ? `${first} …` : first;
}

/** The text of every message after the first of a long answer; thread history recognises and skips these. */
export function continuationText(part: number, parts: number): string {
  return `(continued, part ${part} of ${parts})`;
}

/** Kept beside `continuationText` so the two change together. */
export function isContinuationText(text: string): boolean {
  return /^\(continued, part \d+ of \d+\)$/.test(text);
}

/** A message shown while the answer streams in. */
export function renderProgressMessage(partialAnswer: string, phase: string): SlackMessage {
  const text = partialAnswer.trim() === '' ? `_${phase}…_` : `${markdownToMrkdwn(partialAnswer)} …`;
  const pieces = splitMrkdwn(text, slackLimits.sectionText);
  // While streaming, only the latest part is shown once the text outgrows one message.
  const shown = pieces.slice(-(slackLimits.blocksPerMessage - 1));
  return {
    text: escapeMrkdwn(truncateText(partialAnswer.trim() || `${phase}…`, slackLimits.fallbackText)),
    blocks: shown.map((piece) => section(piece)),
  };
}

/** A short message for failures of the Slack surface itself (the engine's own failures are records). */
export function renderErrorMessage(message: string): SlackMessage {
  const text = `:x: ${escapeMrkdwn(truncateText(message, slackLimits.sectionText - 10))}`;
  return { text, blocks: [section(text)] };
}

function questionBlocks(record: AnswerRecord, options: RenderOptions): SlackBlock[] {
  const question = escapeMrkdwn(truncateText(record.question.replace(/\s+/g, ' '), slackLimits.contextText - 200));
  const shared = options.sharedBy ? ` · shared by <@${slackId(options.sharedBy)}>` : '';
  return [context(`*Question:* ${question}${shared}`)];
}

/** An unsupported sentence in Slack: the shared rule, with the mark in mrkdwn. */
const slackUnverifiedMark = (sentence: string) => `${sentence} :warning: _${unverifiedLabel}_`;

function statusBlocks(record: AnswerRecord): SlackBlock[] {
  const answer =
    record.answer.trim() === ''
      ? []
      : splitMrkdwn(
          markdownToMrkdwn(markUnsupportedSentences(record.answer, record, slackUnverifiedMark)),
          slackLimits.sectionText,
        );
  if (record.status === 'answered') {
    const blocks = answer.map((piece) => section(piece));
    if (record.unsupportedSentences > 0) {
      blocks.push(
        context(
          `:warning: ${record.unsupportedSentences} sentence${record.unsupportedSentences === 1 ? ' is' : 's are'} not fully supported by the cited passages.`,
        ),
      );
    }
    return blocks;
  }
  const reason =
    record.reason && record.reason.trim() !== '' ? `\n${escapeMrkdwn(truncateText(record.reason, 1000))}` : '';
  const blocks: SlackBlock[] = [section(`${statusHeadline(record)}${reason}`)];
  blocks.push(...answer.map((piece) => section(piece)));
  if (record.closestPassages.length > 0 && record.status !== 'error') {
    blocks.push(section('*What the corpus does have*'));
    blocks.push(...record.closestPassages.slice(0, maxClosestPassages).map((passage) => closestPassage(passage)));
  }
  return blocks;
}

function statusHeadline(record: AnswerRecord): string {
  switch (record.status) {
    case 'answered':
      return '*Answer*';
    case 'insufficient_evidence':
      return ':warning: *Not enough evidence in the corpus to answer this.*';
    case 'out_of_scope':
      return ':no_entry_sign: *This question is outside vendor due diligence, so it was not answered.*';
    case 'error':
      return ':x: *The assistant could not answer this question.*';
  }
}

function sourceBlocks(record: AnswerRecord): SlackBlock[] {
  if (record.citations.length === 0) return [];
  return [
    { type: 'divider' },
    section('*Sources*'),
    ...[...record.citations]
      .sort((left, right) => left.n - right.n)
      .map((citation) => citationBlock(citation, spansOfCitation(record, citation.n))),
  ];
}

/** A source with the spans its sentences rely on (one per sentence citing it, in reading order). */
function citationBlock(citation: Citation, spans: readonly { quote: string }[]): SlackBlock {
  const title = mrkdwnLink(citation.url, truncateText(citation.title, 150));
  const meta = [citation.publisher, citation.dateLine || citation.published, citation.jurisdiction]
    .filter((item) => item && item.trim() !== '')
    .map((item) => escapeMrkdwn(item));
  const heading = citation.heading ? `\n_${escapeMrkdwn(truncateText(citation.heading, 200)).replace(/_/g, ' ')}_` : '';
  const page = citation.page ? `, page ${citation.page}` : '';
  const quoted = spans.map((span) => span.quote.replace(/\s+/g, ' ').trim()).join(' … ');
  const quote = quoteLines(truncateText(quoted, maxQuoteCharacters));
  const text = `*[${citation.n}]* ${title} — ${meta.join(', ')}${page}${heading}${quote ? `\n${quote}` : ''}`;
  return section(truncateText(text, slackLimits.sectionText));
}

function closestPassage(passage: SourcePassage): SlackBlock {
  const title = mrkdwnLink(passage.url, truncateText(passage.title, 150));
  const heading = passage.heading ? ` — ${escapeMrkdwn(truncateText(passage.heading, 200))}` : '';
  const date = passage.dateLine ? ` (${escapeMrkdwn(passage.dateLine)})` : '';
  const snippet = quoteLines(truncateText(passage.snippet.replace(/\s+/g, ' ').trim(), maxQuoteCharacters));
  return section(truncateText(`• ${title}${heading}${date}${snippet ? `\n${snippet}` : ''}`, slackLimits.sectionText));
}

function quoteLines(text: string): string {
  if (text === '') return '';
  // Slack links any bare address, so an image inside a quoted passage is shown as its description.
  return escapeMrkdwn(describeMarkdownImages(text))
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function footerBlocks(record: AnswerRecord, options: RenderOptions): SlackBlock[] {
  const permalink = answerPermalink(options.publicUrl, record.id);
  const details = [
    mrkdwnLink(permalink, 'Permalink'),
    `model ${escapeMrkdwn(record.model)}`,
    record.fallback ? `fallback from ${escapeMrkdwn(record.fallback.from)}` : '',
    `corpus ${escapeMrkdwn(record.corpusVersion)}`,
  ].filter(Boolean);
  const buttons: SlackButton[] = [];
  if (record.status !== 'error') {
    buttons.push(
      button(actionIds.feedbackUp, '👍 Helpful', record.id),
      button(actionIds.feedbackDown, '👎 Not helpful', record.id),
    );
  }
  if (options.share) buttons.push({ ...button(actionIds.share, 'Share in channel', record.id), style: 'primary' });
  return [
    context(details.join(' · ')),
    ...(buttons.length > 0
      ? [{ type: 'actions' as const, block_id: `answer:${record.id}`.slice(0, 255), elements: buttons }]
      : []),
  ];
}

/** Packs blocks into messages under the block and character budgets; the footer closes the last message. */
function packMessages(body: SlackBlock[], footer: SlackBlock[], text: string): SlackMessage[] {
  const messages: SlackBlock[][] = [[]];
  const budget = (blocks: SlackBlock[]) => blocks.reduce((sum, block) => sum + blockCharacters(block), 0);
  for (const block of body) {
    const current = messages.at(-1)!;
    const full =
      current.length + 1 > slackLimits.blocksPerMessage ||
      budget(current) + blockCharacters(block) > slackLimits.messageCharacters;
    if (full && current.length > 0) messages.push([block]);
    else current.push(block);
  }
  const last = messages.at(-1)!;
  if (
    last.length + footer.length > slackLimits.blocksPerMessage ||
    budget(last) + budget(footer) > slackLimits.messageCharacters
  ) {
    messages.push([...footer]);
  } else {
    last.push(...footer);
  }
  return messages.map((blocks, index) => ({
    text: index === 0 ? text : continuationText(index + 1, messages.length),
    blocks,
  }));
}

function blockCharacters(block: SlackBlock): number {
  switch (block.type) {
    case 'section':
    case 'header':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((sum, element) => sum + element.text.length, 0);
    case 'actions':
      return block.elements.reduce((sum, element) => sum + element.text.text.length + (element.value?.length ?? 0), 0);
    case 'divider':
      return 0;
  }
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function button(actionId: string, text: string, value: string): SlackButton {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncateText(text, slackLimits.buttonText), emoji: true },
    value,
  };
}

/** Slack ids are upper-case letters and digits; anything else is dropped so an id cannot carry markup. */
function slackId(value: string): string {
  return value.replace(/[^A-Z0-9]/gi, '');
}
