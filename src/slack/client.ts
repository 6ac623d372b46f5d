/**
 * The Slack Web API client (`@slack/web-api`), pointed at `config.slack.apiUrl` when set (a local fake in tests).
 * Rate-limited calls (HTTP 429 `ratelimited` with `Retry-After`) wait as Slack asks and are retried a few times;
 * the default policy of the library (ten retries over thirty minutes) is too patient for a chat reply.
 */
import { LogLevel, WebClient, type Logger, type RetryOptions } from '@slack/web-api';
import { logLevelEnabled, type Config } from '../config.js';

export const defaultSlackApiUrl = 'https://slack.com/api/';

export const slackRetryPolicy: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 5_000,
  randomize: true,
};

export function createSlackClient(
  slack: NonNullable<Config['slack']>,
  logLevel: Config['logLevel'],
  options: { retryConfig?: RetryOptions } = {},
): WebClient {
  return new WebClient(slack.botToken, {
    slackApiUrl: withTrailingSlash(slack.apiUrl ?? defaultSlackApiUrl),
    retryConfig: options.retryConfig ?? slackRetryPolicy,
    logger: slackLogger(logLevel),
    // Slack answers within seconds; a hung connection must not hold a reply task forever.
    timeout: 30_000,
  });
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function slackLogger(logLevel: Config['logLevel']): Logger {
  let level = LogLevel.WARN;
  return {
    debug: (...message) => logLevelEnabled(logLevel, 'debug') && console.debug('[slack]', ...message),
    info: (...message) => logLevelEnabled(logLevel, 'info') && console.info('[slack]', ...message),
    warn: (...message) => logLevelEnabled(logLevel, 'warn') && console.warn('[slack]', ...message),
    error: (...message) => logLevelEnabled(logLevel, 'error') && console.error('[slack]', ...message),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
