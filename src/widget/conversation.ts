/**
 * The conversation the widget shows, and its copy in sessionStorage so it survives a reload of the host page (and
 * ends with the browser tab).
 */
import type { ChatTurn, WidgetErrorKind } from './client.js';
import type { AnswerRecord } from './types.js';

export interface UserMessage {
  role: 'user';
  id: string;
  text: string;
}

export interface AssistantMessage {
  role: 'assistant';
  id: string;
  question: string;
  /** Streamed text; replaced by the verified `record.answer` once it arrives. */
  text: string;
  state: 'streaming' | 'done' | 'stopped' | 'error';
  record?: AnswerRecord;
  error?: { kind: WidgetErrorKind; message: string; retryAfterSeconds?: number };
  feedback?: 'up' | 'down';
}

export type Message = UserMessage | AssistantMessage;

export interface Conversation {
  id: string;
  messages: Message[];
}

const maxStoredMessages = 30;

export function newConversation(): Conversation {
  return { id: randomId(), messages: [] };
}

export function randomId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function loadConversation(storage: Storage | undefined, key: string): Conversation | undefined {
  try {
    const stored = storage?.getItem(key);
    if (!stored) return undefined;
    const value = JSON.parse(stored) as Conversation;
    if (typeof value.id !== 'string' || !Array.isArray(value.messages)) return undefined;
    // An answer cut off by the reload cannot resume: keep what arrived and say it stopped.
    for (const message of value.messages) {
      if (message.role === 'assistant' && message.state === 'streaming') message.state = 'stopped';
    }
    return value;
  } catch {
    return undefined;
  }
}

export function saveConversation(storage: Storage | undefined, key: string, conversation: Conversation): void {
  try {
    const messages = conversation.messages.slice(-maxStoredMessages);
    storage?.setItem(key, JSON.stringify({ id: conversation.id, messages }));
  } catch {
    // Storage full or blocked (private mode, sandboxed frames): the conversation simply won't survive a reload.
  }
}

export function clearConversation(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** Completed turns before the given message, oldest first, so follow-up questions keep their context. */
export function historyBefore(conversation: Conversation, messageId: string, maxTurns = 6): ChatTurn[] {
  const index = conversation.messages.findIndex((message) => message.id === messageId);
  const earlier = conversation.messages.slice(0, index < 0 ? undefined : index);
  const turns: ChatTurn[] = [];
  earlier.forEach((message, position) => {
    const next = earlier[position + 1];
    // A question whose answer failed or was stopped is left out: the model only needs the answered ones.
    const answered = next === undefined || (next.role === 'assistant' && next.state === 'done');
    if (message.role === 'user' && answered) turns.push({ role: 'user', text: message.text });
    if (message.role === 'assistant' && message.state === 'done') {
      turns.push({ role: 'assistant', text: message.record?.answer ?? message.text });
    }
  });
  return turns.slice(-maxTurns * 2);
}
