import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createJudgeModel, llmSupportJudge } from '../../evals/judges/llm-judge.js';
import { openVerdictCache } from '../../evals/judges/verdict-cache.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';

/** A local server speaking the OpenAI chat-completions wire protocol, judging by a keyword in the claim. */
let server: FakeOpenAIServer;
let baseUrl: string;

beforeAll(async () => {
  server = await startFakeOpenAIServer();
  server.reply = (prompt) => {
    const claim = /CLAIM: (.*)/.exec(prompt)?.[1] ?? '';
    return JSON.stringify(
      claim.includes('cooperate')
        ? { supported: true, reason: 'Article 7 states the duty.' }
        : { supported: false, reason: 'Not in the passages.' },
    );
  };
  baseUrl = server.baseUrl;
});

afterAll(async () => {
  await server.close();
});

const passages = [
  {
    id: 'nil-2017#art-7',
    title: 'National Intelligence Law',
    heading: 'NIL › Article 7',
    text: 'All organisations and citizens shall support, assist and cooperate with national intelligence efforts.',
  },
];

describe('LLM support judge', () => {
  it('asks for a structured verdict, reads it, and caches it on disk', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'judge-cache-'));
    try {
      const config = testConfig({ EVAL_JUDGE_MODEL: 'openai:judge-mini', OPENAI_BASE_URL: baseUrl });
      const model = createJudgeModel(config, config.evalJudgeModel!);
      const cache = await openVerdictCache(directory, 'openai:judge-mini');
      const judge = llmSupportJudge({ model, name: 'openai:judge-mini', cache, maxRetries: 0 });

      expect(await judge.judge('Organisations must cooperate with intelligence work.', passages)).toEqual({
        supported: true,
        reason: 'Article 7 states the duty.',
      });
      expect((await judge.judge('Fines are RMB 1 million.', passages)).supported).toBe(false);
      expect(judge.calls).toBe(2);
      const sent = server.requests.at(-1)!.body;
      expect(sent.model).toBe('judge-mini');
      expect(JSON.stringify(sent.response_format)).toContain('json_schema');
      expect(JSON.stringify(sent.messages)).toContain('Article 7');

      // A new run with the same cache folder asks nothing again.
      const requestsBefore = server.requests.length;
      const again = llmSupportJudge({
        model,
        name: 'openai:judge-mini',
        cache: await openVerdictCache(directory, 'openai:judge-mini'),
      });
      expect((await again.judge('Organisations must cooperate with intelligence work.', passages)).supported).toBe(
        true,
      );
      expect(again.calls).toBe(0);
      expect(server.requests.length).toBe(requestsBefore);
      expect((await readFile(cache.file, 'utf8')).trim().split('\n')).toHaveLength(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reports a failing judge model as a model error', async () => {
    const config = testConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    const judge = llmSupportJudge({
      model: createJudgeModel(config, 'openai:missing'),
      name: 'openai:missing',
      maxRetries: 0,
    });
    await expect(judge.judge('x', passages)).rejects.toMatchObject({ code: 'model_error' });
  });

  it('refuses a judge id that names no LLM', () => {
    expect(() => createJudgeModel(testConfig(), 'local')).toThrow(/not an LLM/);
  });
});
