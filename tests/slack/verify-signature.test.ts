import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { signSlackRequest, verifySlackSignature } from '../../src/slack/verify-signature.js';

const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fdiligence&text=help';

function verify(overrides: { timestamp?: string; signature?: string; body?: string; now?: number }) {
  const timestamp = '1531420618';
  return () =>
    verifySlackSignature({
      signingSecret,
      timestamp,
      signature: signSlackRequest(signingSecret, timestamp, body),
      body,
      now: 1531420618,
      ...overrides,
    });
}

function unauthorized(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(AppError.isInstance(error) && error.code).toBe('unauthorized');
    return (error as Error).message;
  }
  throw new Error('expected the request to be refused');
}

describe('Slack request signatures (v0)', () => {
  it('computes the documented signature format', () => {
    expect(signSlackRequest('secret', 1, 'body')).toMatch(/^v0=[0-9a-f]{64}$/);
  });

  it('accepts a request signed with the secret over the exact body', () => {
    expect(verify({})).not.toThrow();
  });

  it('accepts a request up to five minutes old or early', () => {
    expect(verify({ now: 1531420618 + 300 })).not.toThrow();
    expect(verify({ now: 1531420618 - 300 })).not.toThrow();
  });

  it('refuses a body changed after signing', () => {
    expect(unauthorized(verify({ body: body.replace('help', 'delete') }))).toMatch(/Invalid Slack signature/);
  });

  it('refuses a signature made with another secret', () => {
    const signature = signSlackRequest('another-secret', '1531420618', body);
    expect(unauthorized(verify({ signature }))).toMatch(/Invalid Slack signature/);
  });

  it('refuses a truncated or malformed signature without throwing a comparison error', () => {
    expect(unauthorized(verify({ signature: 'v0=abc' }))).toMatch(/Invalid Slack signature/);
  });

  it('refuses a stale request even when its signature is valid', () => {
    expect(unauthorized(verify({ now: 1531420618 + 301 }))).toMatch(/five minutes/);
  });

  it('refuses requests without the signature headers', () => {
    expect(unauthorized(verify({ signature: '' }))).toMatch(/Missing/);
    expect(unauthorized(verify({ timestamp: '' }))).toMatch(/Missing/);
    expect(unauthorized(verify({ timestamp: '12abc' }))).toMatch(/Invalid X-Slack-Request-Timestamp/);
  });
});
