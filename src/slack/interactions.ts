/**
 * Button clicks on answers (`block_actions`): 👍/👎 store feedback through the assistant (the same store as the
 * widget's), "Share in channel" posts a private answer for everyone. Clicks are acknowledged at once and handled in
 * the background; link buttons (the permalink) need nothing but the acknowledgement.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import { actionIds, renderAnswerMessages, renderErrorMessage, type SlackMessage } from './render-blocks.js';
import { postToResponseUrl } from './respond.js';
import type { SlackRuntime } from './runtime.js';

const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional(), is_ephemeral: z.boolean().optional() }).optional(),
  response_url: z.string().optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })),
});

type BlockActions = z.infer<typeof blockActionsSchema>;

/** A replay of the same signed click (same `X-Slack-Signature`) is acknowledged and not acted on again. */
export async function handleInteraction(
  runtime: SlackRuntime,
  form: URLSearchParams,
  signature: string,
): Promise<void> {
  let payload: unknown;
  try {
    payload = JSON.parse(form.get('payload') ?? '');
  } catch {
    throw new AppError('invalid_input', 'The Slack interaction has no JSON payload.');
  }
  const parsed = blockActionsSchema.safeParse(payload);
  // Other interaction types (shortcuts, modals) are not used by this app; acknowledging is enough.
  if (!parsed.success) return;
  if (!(await runtime.assistant.firstDelivery([`request:${signature}`]))) {
    runtime.log('info', 'Skipping a replayed interaction.');
    return;
  }
  for (const action of parsed.data.actions) {
    const answerId = action.value ?? '';
    if (answerId === '') continue;
    if (action.action_id === actionIds.feedbackUp || action.action_id === actionIds.feedbackDown) {
      const rating = action.action_id === actionIds.feedbackUp ? 'up' : 'down';
      runtime.tasks.run(`feedback ${answerId}`, () => storeFeedback(runtime, parsed.data, answerId, rating));
    } else if (action.action_id === actionIds.share) {
      runtime.tasks.run(`share ${answerId}`, () => shareInChannel(runtime, parsed.data, answerId));
    }
  }
}

async function storeFeedback(
  runtime: SlackRuntime,
  payload: BlockActions,
  answerId: string,
  rating: 'up' | 'down',
): Promise<void> {
  let note: string;
  try {
    await runtime.assistant.saveFeedback({ answerId, rating, source: 'slack', user: payload.user.id });
    note =
      rating === 'up'
        ? ':thumbsup: Thanks, your feedback was recorded.'
        : ':thumbsdown: Thanks, your feedback was recorded; it helps us fix weak answers.';
  } catch (error) {
    runtime.log('warn', `Storing feedback for ${answerId} failed`, error);
    note = `:x: Your feedback could not be stored: ${AppError.from(error).publicMessage}`;
  }
  await tellUser(runtime, payload, { text: note, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: note } }] });
}

async function shareInChannel(runtime: SlackRuntime, payload: BlockActions, answerId: string): Promise<void> {
  const record = await runtime.assistant.getAnswer(answerId);
  if (!record) {
    await tellUser(runtime, payload, renderErrorMessage('That answer is no longer available; ask again to share it.'));
    return;
  }
  const messages = renderAnswerMessages(record, { publicUrl: runtime.publicUrl, sharedBy: payload.user.id });
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  if (payload.response_url) {
    for (const message of messages) {
      await postToResponseUrl(runtime.slack, payload.response_url, {
        response_type: 'in_channel',
        replace_original: false,
        ...message,
      });
    }
    // The private copy is redundant once the answer is in the channel.
    await postToResponseUrl(runtime.slack, payload.response_url, { delete_original: true }).catch((error: unknown) =>
      runtime.log('warn', 'Could not remove the private answer after sharing it.', error),
    );
  } else if (channel) {
    for (const message of messages) await runtime.client.chat.postMessage({ channel, ...message });
  } else {
    throw new AppError('invalid_input', 'The share click carried neither a response_url nor a channel.');
  }
}

/** A private note to whoever clicked. */
async function tellUser(runtime: SlackRuntime, payload: BlockActions, message: SlackMessage): Promise<void> {
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  if (payload.response_url) {
    await postToResponseUrl(runtime.slack, payload.response_url, {
      response_type: 'ephemeral',
      replace_original: false,
      ...message,
    });
  } else if (channel) {
    await runtime.client.chat.postEphemeral({ channel, user: payload.user.id, ...message });
  }
}
