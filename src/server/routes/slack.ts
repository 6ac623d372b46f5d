/**
 * Slack endpoints: `POST /slack/events` (Events API), `/slack/commands` (slash command) and `/slack/interactions`
 * (buttons). Each reads the raw body under a size cap, checks Slack's signature over it, acknowledges at once and
 * leaves the answering to background tasks (see src/slack/). Without Slack settings they answer 503.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../errors.js';
import { handleSlashCommand } from '../../slack/commands.js';
import { handleEventsRequest } from '../../slack/events.js';
import { handleInteraction } from '../../slack/interactions.js';
import { readRawBody } from '../../slack/read-raw-body.js';
import { slackRuntime, type SlackRuntime } from '../../slack/runtime.js';
import { verifySlackSignature } from '../../slack/verify-signature.js';
import type { ServerEnvironment } from '../environment.js';

/** Slack's payloads are a few kilobytes; a larger body is not from Slack. */
const maxSlackBodyBytes = 256 * 1024;

export function slackRoutes(): Hono<ServerEnvironment> {
  const routes = new Hono<ServerEnvironment>();

  routes.post('/slack/events', async (context) => {
    const { runtime, body } = await verifiedRequest(context);
    const acknowledgement = await handleEventsRequest(runtime, body, {
      retryNumber: context.req.header('x-slack-retry-num'),
      retryReason: context.req.header('x-slack-retry-reason'),
    });
    if ('challenge' in acknowledgement) return context.json({ challenge: acknowledgement.challenge });
    return context.body(null, 200);
  });

  routes.post('/slack/commands', async (context) => {
    const { runtime, body, signature } = await verifiedRequest(context);
    const acknowledgement = await handleSlashCommand(runtime, new URLSearchParams(body), signature);
    return acknowledgement ? context.json(acknowledgement) : context.body(null, 200);
  });

  routes.post('/slack/interactions', async (context) => {
    const { runtime, body, signature } = await verifiedRequest(context);
    await handleInteraction(runtime, new URLSearchParams(body), signature);
    return context.body(null, 200);
  });

  return routes;
}

async function verifiedRequest(
  context: Context<ServerEnvironment>,
): Promise<{ runtime: SlackRuntime; body: string; signature: string }> {
  const runtime = slackRuntime(context.get('assistant'));
  if (!runtime) {
    throw new AppError(
      'not_configured',
      'Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN and restart the server (see docs/slack.md).',
    );
  }
  const limit = Math.min(maxSlackBodyBytes, runtime.assistant.config.maxBodyBytes);
  const body = await readRawBody(context.req.raw, limit);
  verifySlackSignature({
    signingSecret: runtime.slack.signingSecret,
    timestamp: context.req.header('x-slack-request-timestamp'),
    signature: context.req.header('x-slack-signature'),
    body,
  });
  return { runtime, body, signature: context.req.header('x-slack-signature') ?? '' };
}
