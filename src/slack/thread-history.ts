/**
 * A Slack thread as conversation turns for the engine, which rewrites a follow-up ("and for Tencent?") into a
 * standalone question. Messages come from `conversations.replies`; the bot's own messages are the assistant's turns
 * (their `text` is the plain answer), everyone else's are the user's, with mentions removed.
 */
import type { WebClient } from '@slack/web-api';
import type { ConversationTurn } from '../assistant.js';
import { unescapeMrkdwn } from './mrkdwn.js';
import { isContinuationText } from './render-blocks.js';
import { progressLabels } from './streaming-reply.js';

export interface ThreadMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
}

/** Only the latest turns matter for resolving a follow-up; older ones would only dilute the rewrite. */
export const maxHistoryTurns = 10;
const maxTurnCharacters = 2_000;

export async function fetchThreadHistory(
  client: WebClient,
  thread: { channel: string; threadTs: string; currentTs: string; botUserId?: string },
): Promise<ConversationTurn[]> {
  const response = await client.conversations.replies({ channel: thread.channel, ts: thread.threadTs, limit: 100 });
  return toConversationTurns((response.messages ?? []) as ThreadMessage[], thread);
}

/** Turns before the current message, oldest first, without placeholders and empty messages. */
export function toConversationTurns(
  messages: ThreadMessage[],
  options: { currentTs: string; botUserId?: string },
): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  const ordered = [...messages].sort((left, right) => Number(left.ts ?? 0) - Number(right.ts ?? 0));
  for (const message of ordered) {
    if (!message.ts || Number(message.ts) >= Number(options.currentTs)) continue;
    const fromBot = Boolean(message.bot_id) || (options.botUserId !== undefined && message.user === options.botUserId);
    if (!fromBot && message.subtype && message.subtype !== 'thread_broadcast' && message.subtype !== 'file_share') {
      continue;
    }
    const content = plainText(message.text ?? '');
    if (content === '' || isPlaceholder(content)) continue;
    const role = fromBot ? 'assistant' : 'user';
    const previous = turns.at(-1);
    // Slack threads can hold several messages in a row from one side; the engine expects alternating turns.
    if (previous && previous.role === role)
      previous.content = `${previous.content}\n${content}`.slice(0, maxTurnCharacters);
    else turns.push({ role, content: content.slice(0, maxTurnCharacters) });
  }
  return turns.slice(-maxHistoryTurns);
}

/** A user's message text without mentions of the bot (or anyone), with Slack's escaping undone. */
export function plainText(text: string): string {
  return unescapeMrkdwn(
    text
      .replace(/<@[A-Z0-9]+(\|[^>]*)?>/gi, ' ')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
      .replace(/<(https?:[^>]+)>/g, '$1'),
  )
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** The streaming placeholder's text for each phase label (see `renderProgressMessage`), with or without emphasis. */
const placeholderPattern = new RegExp(
  `^_?(${Object.values(progressLabels)
    .map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})…_?$`,
);

/** Progress placeholders and continuation notes are not part of the conversation. */
function isPlaceholder(content: string): boolean {
  return placeholderPattern.test(content) || isContinuationText(content);
}
