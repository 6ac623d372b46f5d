/**
 * The slash command (`/diligence <question>`, name from config): acknowledged at once with an ephemeral "looking
 * into it", then answered privately through the command's `response_url` (or `chat.postEphemeral` when that fails)
 * with a "Share in channel" button. `/diligence help` (or no text) shows how to use the assistant.
 */
import { AppError } from '../errors.js';
import { helpMessage } from './help.js';
import { escapeMrkdwn, truncateText } from './mrkdwn.js';
import { renderAnswerMessages, renderErrorMessage, type SlackMessage } from './render-blocks.js';
import { postToResponseUrl } from './respond.js';
import type { SlackRuntime } from './runtime.js';

/** The body of the immediate (≤ 3 s) acknowledgement; `undefined` means an empty 200. */
export type CommandAcknowledgement = (Partial<SlackMessage> & { response_type: 'ephemeral' }) | undefined;

/**
 * `signature` is the request's verified `X-Slack-Signature`: a replay of the same signed request (possible for five
 * minutes, the signature's lifetime) carries the same one and is acknowledged without a second answer.
 */
export async function handleSlashCommand(
  runtime: SlackRuntime,
  form: URLSearchParams,
  signature: string,
): Promise<CommandAcknowledgement> {
  // Slack checks the certificate of the endpoint with an unsigned-looking ping that needs only a 200.
  if (form.get('ssl_check') === '1') return undefined;
  const command = form.get('command') ?? runtime.slack.command;
  if (command !== runtime.slack.command) {
    throw new AppError('invalid_input', `Unknown command ${command}; this app answers ${runtime.slack.command}.`);
  }
  const question = (form.get('text') ?? '').trim();
  if (question === '' || /^help$/i.test(question)) return { response_type: 'ephemeral', ...helpMessage(command) };

  if (!(await runtime.assistant.firstDelivery([`request:${signature}`]))) {
    runtime.log('info', 'Skipping a replayed slash command.');
    return undefined;
  }
  const request: CommandRequest = {
    question,
    channel: form.get('channel_id') ?? '',
    user: form.get('user_id') ?? '',
    responseUrl: form.get('response_url') ?? '',
  };
  runtime.tasks.run(`command ${request.channel}/${request.user}`, () => answerCommand(runtime, request));
  return {
    response_type: 'ephemeral',
    text: `:mag: Looking into _${escapeMrkdwn(truncateText(question, 500))}_ …`,
  };
}

interface CommandRequest {
  question: string;
  channel: string;
  user: string;
  responseUrl: string;
}

async function answerCommand(runtime: SlackRuntime, request: CommandRequest): Promise<void> {
  let messages: SlackMessage[];
  try {
    const record = await runtime.assistant.ask(request.question, { surface: 'slack' });
    messages = renderAnswerMessages(record, { publicUrl: runtime.publicUrl, share: true });
  } catch (error) {
    messages = [renderErrorMessage(`The assistant could not answer: ${AppError.from(error).publicMessage}`)];
    runtime.log('error', 'Answering a slash command failed', error);
  }
  await respondEphemeral(runtime, request, messages);
}

/** Through the response_url (no channel membership needed), else as the bot with `chat.postEphemeral`. */
export async function respondEphemeral(
  runtime: SlackRuntime,
  request: { channel: string; user: string; responseUrl: string },
  messages: SlackMessage[],
): Promise<void> {
  try {
    for (const [index, message] of messages.entries()) {
      await postToResponseUrl(runtime.slack, request.responseUrl, {
        response_type: 'ephemeral',
        // The first part replaces the "looking into it" acknowledgement; the rest follow it.
        replace_original: index === 0,
        ...message,
      });
    }
  } catch (error) {
    runtime.log('warn', 'Posting through response_url failed; falling back to chat.postEphemeral.', error);
    for (const message of messages) {
      await runtime.client.chat.postEphemeral({ channel: request.channel, user: request.user, ...message });
    }
  }
}
