/**
 * The Slack slash command, end to end: a signed `/slack/commands` request goes into the Hono app, the background
 * task answers through the `response_url`, which points at a local receiver standing in for Slack. The answer is
 * identified by the permalink the rendered message carries and read back from the answer store, so the comparison
 * covers what the Slack user was shown a link to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { Assistant } from '../../src/assistant.js';
import type { Config } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { drainSlackTasks } from '../../src/slack/runtime.js';
import { signSlackRequest } from '../../src/slack/verify-signature.js';
import { hasNoFilters, type AnswerSurface, type SurfaceOutcome } from './surface.js';

const signingSecret = 'eval-signing-secret';

export async function slackSurface(assistant: Assistant): Promise<AnswerSurface> {
  const received = new Map<string, unknown[]>();
  const server: Server = createServer(async (request, response) => {
    const body = await text(request);
    const token = (request.url ?? '').split('/').pop() ?? '';
    received.set(token, [...(received.get(token) ?? []), JSON.parse(body || '{}')]);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const slack: NonNullable<Config['slack']> = {
    signingSecret,
    botToken: 'xoxb-eval',
    apiUrl: `${origin}/api/`,
    command: assistant.config.slack?.command ?? '/diligence',
  };
  // The same assistant with Slack turned on, pointed at the local receiver.
  const slackAssistant: Assistant = { ...assistant, config: { ...assistant.config, slack, logLevel: 'silent' } };
  const app = createApp(slackAssistant);

  return {
    name: 'slack',
    // The slash command takes only the question text.
    canExpress: hasNoFilters,
    async answerAll(questions) {
      const outcomes = new Map<string, SurfaceOutcome>();
      for (const [index, question] of questions.entries()) {
        const token = `q${index}`;
        const body = new URLSearchParams({
          command: slack.command,
          text: question.question,
          channel_id: 'C0EVAL',
          user_id: 'U0EVAL',
          response_url: `${origin}/response/${token}`,
        }).toString();
        const timestamp = String(Math.floor(Date.now() / 1000));
        const response = await app.request('/slack/commands', {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': timestamp,
            'x-slack-signature': signSlackRequest(signingSecret, timestamp, body),
          },
          body,
        });
        if (!response.ok) {
          outcomes.set(question.id, { error: `HTTP ${response.status}` });
          continue;
        }
        await drainSlackTasks(slackAssistant);
        const answerId = answerIdIn(received.get(token) ?? []);
        const record = answerId ? await assistant.getAnswer(answerId) : undefined;
        outcomes.set(
          question.id,
          record
            ? {
                status: record.status,
                citedPassageIds: record.citations.map((citation) => citation.passageId),
                answerId,
              }
            : { error: answerId ? `answer ${answerId} not stored` : 'no answer permalink in the Slack reply' },
        );
      }
      return outcomes;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The answer id from the permalink (`/answers/<id>`) of the first reply that has one. */
function answerIdIn(messages: unknown[]): string | undefined {
  for (const message of messages) {
    const match = /\/answers\/([^>|"\s\\]+)/.exec(JSON.stringify(message));
    if (match) return decodeURIComponent(match[1]!);
  }
  return undefined;
}
