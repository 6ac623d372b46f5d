/**
 * Reads `/api/chat` the way a browser app does: the AI SDK's own `DefaultChatTransport` and `readUIMessageStream`,
 * with requests going to the app in-process (`app.request`).
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import type { AnswerUIMessage } from '../../src/server/routes/answers.js';

/** The assistant message as the client holds it once the stream has ended. */
/** Anything that answers a request: the app in-process, or `fetch` against a running server. */
export interface RequestTarget {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export async function chatOver(app: RequestTarget, messages: UIMessage[]): Promise<AnswerUIMessage> {
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
