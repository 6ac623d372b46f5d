import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testConfig } from '../../src/config.js';

interface Manifest {
  features: { slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

describe('Slack app manifest', () => {
  it('points Slack at the three endpoints with the events, command and scopes the bot uses', async () => {
    const manifest = parse(await readFile('slack-app-manifest.yaml', 'utf8')) as Manifest;
    const [command] = manifest.features.slash_commands;
    const defaultCommand = testConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 't' }).slack!.command;
    expect(command!.command).toBe(defaultCommand);
    expect(new URL(command!.url).pathname).toBe('/slack/commands');
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/interactions');
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'channels:history']),
    );
  });
});
