/**
 * A threaded reply that grows while the answer streams: a placeholder message is posted at once, edited with
 * `chat.update` as text arrives (at most one edit in flight and one per interval, within Slack's per-channel posting
 * limits), and finally replaced by the rendered answer, with any overflow posted as further messages in the thread.
 */
import type { WebClient } from '@slack/web-api';
import { renderProgressMessage, type SlackMessage } from './render-blocks.js';

export const progressLabels = {
  retrieving: 'Searching the corpus',
  generating: 'Writing the answer',
  verifying: 'Checking the citations',
} as const;

export type ProgressPhase = keyof typeof progressLabels;

/** Slack allows about one message per second per channel; edits share that budget. */
export const defaultUpdateIntervalMs = 1_000;

export interface StreamingReply {
  readonly ts: string;
  phase(phase: ProgressPhase): void;
  append(delta: string): void;
  /** Waits for any edit in flight, then shows the final messages. */
  finish(messages: SlackMessage[]): Promise<void>;
  /** Number of intermediate edits sent, for logs and tests. */
  readonly updates: number;
}

export async function startStreamingReply(options: {
  client: WebClient;
  channel: string;
  threadTs: string;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): Promise<StreamingReply> {
  const { client, channel, threadTs } = options;
  const intervalMs = options.intervalMs ?? defaultUpdateIntervalMs;
  const initial = renderProgressMessage('', progressLabels.retrieving);
  const posted = await client.chat.postMessage({ channel, thread_ts: threadTs, ...initial });
  const ts = posted.ts;
  if (!ts) throw new Error('chat.postMessage returned no ts for the placeholder message');

  let text = '';
  let label: string = progressLabels.retrieving;
  let version = 0;
  let sentVersion = 0;
  let lastSentAt = Date.now();
  let updates = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = () => {
    if (closed || timer || inFlight || version === sentVersion) return;
    timer = setTimeout(flush, Math.max(0, lastSentAt + intervalMs - Date.now()));
  };

  const flush = () => {
    timer = undefined;
    if (closed || version === sentVersion) return;
    const sending = version;
    lastSentAt = Date.now();
    updates++;
    inFlight = client.chat
      .update({ channel, ts, ...renderProgressMessage(text, label) })
      .then(
        () => {
          sentVersion = sending;
        },
        // A failed intermediate edit is not fatal: the final edit carries the whole answer.
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };

  return {
    ts,
    phase(phase) {
      if (label === progressLabels[phase]) return;
      label = progressLabels[phase];
      version++;
      schedule();
    },
    append(delta) {
      if (delta === '') return;
      text += delta;
      version++;
      schedule();
    },
    async finish(messages) {
      closed = true;
      if (timer) clearTimeout(timer);
      await inFlight;
      const [first, ...rest] = messages;
      if (first) await client.chat.update({ channel, ts, ...first });
      for (const message of rest) await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
    },
    get updates() {
      return updates;
    },
  };
}
