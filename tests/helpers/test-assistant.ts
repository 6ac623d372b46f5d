/**
 * A real assistant over a real LanceDB index in a temporary folder, for integration tests. Nothing is stubbed:
 * the corpus is read, chunked, embedded and indexed exactly as `npm start` does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Assistant } from '../../src/assistant.js';
import { testConfig } from '../../src/config.js';
import { createAssistant } from '../../src/create-assistant.js';
import { createApp } from '../../src/server/app.js';

export const fixtureCorpus = path.resolve('tests/fixtures/corpus');
export const shippedCorpus = path.resolve('corpus');

export interface TestAssistant {
  assistant: Assistant;
  app: ReturnType<typeof createApp>;
  dataDir: string;
  settings: Record<string, string>;
  cleanup: () => Promise<void>;
}

export async function createTestAssistant(
  options: { corpusDir?: string; settings?: Record<string, string>; dataDir?: string } = {},
): Promise<TestAssistant> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'diligence-test-')));
  const settings = { DATA_DIR: dataDir, CORPUS_DIR: options.corpusDir ?? fixtureCorpus, ...options.settings };
  const assistant = await createAssistant(testConfig(settings));
  if (await assistant.needsReindex()) await assistant.reindex();
  return {
    assistant,
    app: createApp(assistant),
    dataDir,
    settings,
    cleanup: async () => {
      await assistant.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
