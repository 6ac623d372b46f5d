/** Requests as Slack sends them: signed with the app's signing secret over the exact body. */
import { signSlackRequest } from '../../src/slack/verify-signature.js';

export const signingSecret = 'test-signing-secret-0123456789abcdef';
export const botToken = 'xoxb-test-token';

/** Settings that turn the Slack surface on against the fake Slack Web API at `apiUrl`. */
export function slackSettings(apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken, SLACK_API_URL: apiUrl, ...extra };
}

export function signed(
  body: string,
  options: { contentType?: string; timestamp?: number; secret?: string; headers?: Record<string, string> } = {},
): RequestInit {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(options.secret ?? signingSecret, timestamp, body),
      ...options.headers,
    },
    body,
  };
}

export function eventEnvelope(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT0001', is_bot: true }],
    event,
  });
}

let triggers = 0;

/** A slash command form; each gets its own `trigger_id`, as each invocation does in Slack. */
export function commandForm(fields: Record<string, string>): string {
  triggers += 1;
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    channel_id: 'C0CHANNEL',
    channel_name: 'vendor-risk',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command: '/diligence',
    trigger_id: `1.2.${triggers}`,
    ...fields,
  }).toString();
}

export function interactionForm(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const formContentType = 'application/x-www-form-urlencoded';
