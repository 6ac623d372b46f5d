/**
 * Slack request signing (v0): an HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the app's signing secret, sent in
 * `X-Slack-Signature`. Requests outside a five-minute window are refused so a captured request cannot be replayed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/** Slack's documented replay window. */
export const maxRequestAgeSeconds = 5 * 60;

export interface SignedRequest {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp`: Unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=<hex>`. */
  signature: string | undefined;
  /** The body exactly as received, before any parsing. */
  body: string;
  /** Unix seconds; the current time unless given. */
  now?: number;
}

/** The signature Slack would send for this body at this timestamp. */
export function signSlackRequest(signingSecret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Throws `unauthorized` unless the request is signed with the secret and fresh. */
export function verifySlackSignature(request: SignedRequest): void {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) {
    throw new AppError('unauthorized', 'Missing X-Slack-Request-Timestamp or X-Slack-Signature.');
  }
  if (!/^\d+$/.test(timestamp)) throw new AppError('unauthorized', 'Invalid X-Slack-Request-Timestamp.');
  const now = request.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > maxRequestAgeSeconds) {
    throw new AppError('unauthorized', 'The Slack request timestamp is more than five minutes from now.');
  }
  const expected = Buffer.from(signSlackRequest(request.signingSecret, timestamp, request.body));
  const actual = Buffer.from(signature);
  // Compare lengths first: timingSafeEqual throws on unequal lengths, and the length of a v0 signature is public.
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppError('unauthorized', 'Invalid Slack signature.');
  }
}
