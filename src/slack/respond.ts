/**
 * Replies through a `response_url` (slash commands and button clicks): Slack's way to answer a user ephemerally or
 * in the channel without the bot being a channel member. The URL comes from a signed request, but it is still only
 * followed when it points at Slack (or at the configured API base, which is a local fake in tests).
 */
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { SlackMessage } from './render-blocks.js';

export interface ResponseUrlMessage extends Partial<SlackMessage> {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

export function isAllowedResponseUrl(url: string, slack: NonNullable<Config['slack']>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (
    parsed.protocol === 'https:' &&
    (parsed.hostname === 'hooks.slack.com' || parsed.hostname.endsWith('.slack.com'))
  ) {
    return true;
  }
  return slack.apiUrl !== undefined && parsed.origin === new URL(slack.apiUrl).origin;
}

export async function postToResponseUrl(
  slack: NonNullable<Config['slack']>,
  url: string,
  message: ResponseUrlMessage,
): Promise<void> {
  if (!isAllowedResponseUrl(url, slack)) {
    throw new AppError('invalid_input', `Refusing to post to a response_url outside Slack: ${url}`);
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  // Slack answers 200 with "ok" or {"ok":true}; an expired URL answers 404 "expired_url" or {"ok":false,...}.
  if (!response.ok || /"ok"\s*:\s*false/.test(body)) {
    throw new AppError('internal', `Slack refused the response_url post (${response.status}): ${body.slice(0, 200)}`);
  }
}
