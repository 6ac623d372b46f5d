/**
 * Events API deliveries: the `url_verification` challenge, and `app_mention` / `message.im` events answered in the
 * message's thread. The delivery is acknowledged at once; the answer is written by a background task that reads the
 * thread's history (so follow-ups resolve), streams into a placeholder and finalises it with Block Kit.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { helpMessage } from './help.js';
import { renderAnswerMessages, renderErrorMessage } from './render-blocks.js';
import type { SlackRuntime } from './runtime.js';
import { startStreamingReply } from './streaming-reply.js';
import { fetchThreadHistory, plainText } from './thread-history.js';

const messageEventSchema = z.looseObject({
  type: z.string(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
});

const envelopeSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({
    type: z.literal('event_callback'),
    event_id: z.string().optional(),
    event: messageEventSchema,
    authorizations: z.array(z.looseObject({ user_id: z.string().optional() })).optional(),
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);

export type EventsAcknowledgement = { challenge: string } | { accepted: boolean; reason?: string };

export interface Delivery {
  /** `X-Slack-Retry-Num`, present on redeliveries. */
  retryNumber?: string;
  retryReason?: string;
}

/** Parses one Events API request body and starts the work it asks for; returns what to acknowledge with. */
export async function handleEventsRequest(
  runtime: SlackRuntime,
  rawBody: string,
  delivery: Delivery,
): Promise<EventsAcknowledgement> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('invalid_input', 'The Slack event body is not JSON.');
  }
  const parsed = envelopeSchema.safeParse(json);
  // Event types we do not subscribe to are acknowledged so Slack does not retry them.
  if (!parsed.success) return { accepted: false, reason: 'unsupported envelope' };
  const envelope = parsed.data;
  if (envelope.type === 'url_verification') return { challenge: envelope.challenge };
  if (envelope.type === 'app_rate_limited') {
    runtime.log('warn', 'Slack reports that this app exceeded the Events API rate limit.');
    return { accepted: false, reason: 'rate limited notice' };
  }

  const { event } = envelope;
  const botUserId = envelope.authorizations?.[0]?.user_id;
  const addressed = event.type === 'app_mention' || (event.type === 'message' && event.channel_type === 'im');
  // Our own messages, edits, joins and other bots never start an answer (that would loop).
  if (!addressed || event.bot_id || event.subtype || (botUserId && event.user === botUserId)) {
    return { accepted: false, reason: 'not addressed to the assistant' };
  }
  if (!event.channel || !event.ts) return { accepted: false, reason: 'no channel or ts' };

  // A mention in a DM can arrive as both app_mention and message.im, with different event ids.
  const firstTime = await runtime.assistant.firstDelivery([
    envelope.event_id ? `event:${envelope.event_id}` : '',
    `message:${event.channel}:${event.ts}`,
  ]);
  if (!firstTime) {
    runtime.log(
      'info',
      `Skipping a duplicate delivery (retry ${delivery.retryNumber ?? 0}, ${delivery.retryReason ?? 'no reason'}).`,
    );
    return { accepted: false, reason: 'duplicate' };
  }

  const message = {
    channel: event.channel,
    ts: event.ts,
    threadTs: event.thread_ts,
    question: plainText(event.text ?? ''),
    botUserId,
  };
  runtime.tasks.run(`answer ${message.channel}/${message.ts}`, () => answerInThread(runtime, message));
  return { accepted: true };
}

interface IncomingMessage {
  channel: string;
  ts: string;
  /** Set when the message is itself a reply in a thread (a follow-up). */
  threadTs?: string;
  question: string;
  botUserId?: string;
}

async function answerInThread(runtime: SlackRuntime, message: IncomingMessage): Promise<void> {
  const { client, assistant } = runtime;
  const threadTs = message.threadTs ?? message.ts;
  if (message.question === '' || /^help[.!?]?$/i.test(message.question)) {
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: threadTs,
      ...helpMessage(runtime.slack.command),
    });
    return;
  }

  const reply = await startStreamingReply({
    client,
    channel: message.channel,
    threadTs,
    onError: (error) => runtime.log('warn', 'A streaming update failed; the final answer will still be posted.', error),
  });
  try {
    const history = message.threadTs
      ? await fetchThreadHistory(client, {
          channel: message.channel,
          threadTs: message.threadTs,
          currentTs: message.ts,
          botUserId: message.botUserId,
        }).catch((error: unknown) => {
          // Missing history scopes should cost the follow-up its context, not the answer.
          runtime.log('warn', 'Could not read the thread history; answering without it.', error);
          return [];
        })
      : [];
    const stream = assistant.askStream(message.question, { history, surface: 'slack' });
    for await (const event of stream) {
      if (event.type === 'status') reply.phase(event.phase);
      else if (event.type === 'text-delta') reply.append(event.delta);
    }
    const record = await stream.record;
    await reply.finish(renderAnswerMessages(record, { publicUrl: runtime.publicUrl }));
  } catch (error) {
    const appError = AppError.from(error);
    await reply.finish([renderErrorMessage(`The assistant could not answer: ${appError.publicMessage}`)]);
    throw error;
  }
}
