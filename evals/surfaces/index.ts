/**
 * The surfaces the consistency check compares, reference first. A surface whose route is not served by this build
 * is left out (and named in the report), so the check grows as surfaces land.
 */
import type { Assistant } from '../../src/assistant.js';
import { createApp } from '../../src/server/app.js';
import { apiSurface, hasAskRoute } from './api.js';
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
  const others: AnswerSurface[] = [];
  const unavailable: SurfaceSet['unavailable'] = [];

  if (await hasAskRoute(app)) others.push(apiSurface(app, apiKey));
  else unavailable.push({ name: 'api', reason: 'POST /api/ask is not served' });

  const probe = await app.request('/api/batch', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '' });
  if (probe.status !== 404) others.push(batchSurface(app, apiKey));
  else unavailable.push({ name: 'batch', reason: 'POST /api/batch is not served' });

  others.push(await slackSurface(unlimited));

  return {
    reference: directSurface(assistant),
    others,
    unavailable,
    close: async () => {
      for (const surface of others) await surface.close?.();
    },
  };
}
