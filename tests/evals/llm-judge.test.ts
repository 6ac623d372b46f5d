import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createJudgeModel, llmSupportJudge } from '../../evals/judges/llm-judge.js';
import { openVerdictCache } from '../../evals/judges/verdict-cache.js';

/** A local server speaking the OpenAI chat-completions wire protocol, judging by a keyword in the claim. */
let server: Server;
let baseUrl: string;
const requests: Record<string, unknown>[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as { messages: { content: unknown }[] };
    requests.push(body as Record<string, unknown>);
    const prompt = JSON.stringify(body.messages);
    const claim = /CLAIM: ([^"\\]*)/.exec(prompt)?.[1] ?? '';
    const verdict = claim.includes('cooperate')
      ? { supported: true, reason: 'Article 7 states the duty.' }
      : { supported: false, reason: 'Not in the passages.' };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'judge-mini',
        choices: [
          { index: 0, message: { role: 'assistant', content: JSON.stringify(verdict) }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
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
      const sent = requests.at(-1)!;
      expect(sent.model).toBe('judge-mini');
      expect(JSON.stringify(sent.response_format)).toContain('json_schema');
      expect(JSON.stringify(sent.messages)).toContain('Article 7');

      // A new run with the same cache folder asks nothing again.
      const requestsBefore = requests.length;
      const again = llmSupportJudge({
        model,
        name: 'openai:judge-mini',
        cache: await openVerdictCache(directory, 'openai:judge-mini'),
      });
      expect((await again.judge('Organisations must cooperate with intelligence work.', passages)).supported).toBe(
        true,
      );
      expect(again.calls).toBe(0);
      expect(requests.length).toBe(requestsBefore);
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
