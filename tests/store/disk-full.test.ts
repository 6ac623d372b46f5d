/** A full disk over real HTTP: /api/ask answers 503 with a code instead of a 200 whose permalink would be 404. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/assistant.js';
import { testConfig } from '../../src/config.js';
import { createAssistant } from '../../src/create-assistant.js';
import { createApp } from '../../src/server/app.js';
import { fullDisk } from '../helpers/full-disk.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';

const disk = fullDisk();
let dataDir: string;
let assistant: Assistant;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'disk-full-'));
  assistant = await createAssistant(testConfig({ DATA_DIR: dataDir, CORPUS_DIR: fixtureCorpus }), {
    recordFiles: { openFile: disk.openFile },
  });
  await assistant.reindex();
  app = createApp(assistant);
});
afterAll(async () => {
  await assistant.close();
  await rm(dataDir, { recursive: true, force: true });
});

const ask = (question: string) =>
  app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });

describe('answer store on a full disk', () => {
  it('answers 503 storage_unavailable while the record cannot be written, and 200 with a permalink after', async () => {
    disk.full = true;
    const refused = await ask('Does PIPL require a security assessment?');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'storage_unavailable' } });

    disk.full = false;
    const answered = await ask('Does PIPL require a security assessment?');
    expect(answered.status).toBe(200);
    const { id } = (await answered.json()) as { id: string };
    const permalink = await app.request(`/api/answers/${id}`);
    expect(permalink.status).toBe(200);
    expect(await permalink.json()).toMatchObject({ id });
  });
});
