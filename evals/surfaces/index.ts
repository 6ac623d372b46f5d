/**
 * The surfaces the consistency check compares, reference first. `unavailable` names surfaces left out of the check
 * (the report shows them as not run); every surface is served by this build, so today it is empty.
 */
import type { Assistant } from '../../src/assistant.js';
import { createApp } from '../../src/server/app.js';
import { apiSurface } from './api.js';
import { batchSurface } from './batch.js';
import { directSurface } from './direct.js';
import { slackSurface } from './slack.js';
import type { AnswerSurface } from './surface.js';

export interface SurfaceSet {
  reference: AnswerSurface;
  others: AnswerSurface[];
  unavailable: { name: string; reason: string }[];
  close(): Promise<void>;
}

export async function availableSurfaces(assistant: Assistant): Promise<SurfaceSet> {
  // The eval sends many requests at once; the per-minute limits protect a live server, not this check.
  const unlimited: Assistant = {
    ...assistant,
    config: { ...assistant.config, rateLimitPerMinute: 1_000_000, rateLimitPerIpPerMinute: 1_000_000 },
  };
  const app = createApp(unlimited);
  const apiKey = assistant.config.apiKeys[0];
  const others: AnswerSurface[] = [apiSurface(app, apiKey), batchSurface(app, apiKey), await slackSurface(unlimited)];

  return {
    reference: directSurface(assistant),
    others,
    unavailable: [],
    close: async () => {
      for (const surface of others) await surface.close?.();
    },
  };
}
