/**
 * Reads `/api/chat` the way a browser app does: the AI SDK's own `DefaultChatTransport` and `readUIMessageStream`,
 * with requests going to the app in-process (`app.request`).
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import type { Hono } from 'hono';
import type { AnswerUIMessage } from '../../src/server/routes/answers.js';

/** The assistant message as the client holds it once the stream has ended. */
export async function chatOver(app: Pick<Hono, 'request'>, messages: UIMessage[]): Promise<AnswerUIMessage> {
  const transport = new DefaultChatTransport<AnswerUIMessage>({
    api: 'http://localhost/api/chat',
    fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
  });
  const stream = await transport.sendMessages({
    trigger: 'submit-message',
    chatId: 'chat-1',
    messageId: undefined,
    abortSignal: undefined,
    messages: messages as AnswerUIMessage[],
  });
  let last: AnswerUIMessage | undefined;
  for await (const message of readUIMessageStream<AnswerUIMessage>({ stream, terminateOnError: true })) last = message;
  return last!;
}
