/**
 * Per-assistant Slack state shared by the three endpoints: the Web API client and the background tasks (deliveries
 * are claimed through `assistant.firstDelivery`, which every replica shares). Keyed by the `Assistant` so the routes need no extra wiring, while shutdown and tests can
 * still reach the tasks through `drainSlackTasks(assistant)`.
 */
import type { WebClient } from '@slack/web-api';
import type { Assistant } from '../assistant.js';
import { logLevelEnabled, type Config } from '../config.js';
import { createBackgroundTasks, type BackgroundTasks } from './background-tasks.js';
import { createSlackClient } from './client.js';

export interface SlackRuntime {
  assistant: Assistant;
  slack: NonNullable<Config['slack']>;
  publicUrl: string;
  client: WebClient;
  tasks: BackgroundTasks;
  log: (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;
}

const runtimes = new WeakMap<Assistant, SlackRuntime>();

/** The Slack runtime of this assistant, or undefined when Slack is not configured. */
export function slackRuntime(assistant: Assistant): SlackRuntime | undefined {
  const { config } = assistant;
  if (!config.slack) return undefined;
  let runtime = runtimes.get(assistant);
  if (!runtime) {
    const log = logger(config.logLevel);
    runtime = {
      assistant,
      slack: config.slack,
      publicUrl: config.publicUrl,
      client: createSlackClient(config.slack, config.logLevel),
      tasks: createBackgroundTasks((name, error) => log('error', `Slack task "${name}" failed`, error)),
      log,
    };
    runtimes.set(assistant, runtime);
  }
  return runtime;
}

/** Waits for every Slack reply still being written (for graceful shutdown and tests). */
export async function drainSlackTasks(assistant: Assistant): Promise<void> {
  await runtimes.get(assistant)?.tasks.drain();
}

function logger(logLevel: Config['logLevel']): SlackRuntime['log'] {
  return (level, message, error) => {
    if (!logLevelEnabled(logLevel, level)) return;
    const detail = error === undefined ? '' : ` ${error instanceof Error ? error.message : String(error)}`;
    const write = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log;
    write(`[slack] ${message}${detail}`);
  };
}
