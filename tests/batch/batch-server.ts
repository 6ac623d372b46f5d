/**
 * A real HTTP server on 127.0.0.1 over a test assistant whose answer model is a local OpenAI-compatible server, and a
 * client that posts a CSV questionnaire and holds the response unread.
 */
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

export interface BatchServer {
  fake: FakeOpenAIServer;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startBatchServer(): Promise<BatchServer> {
  const fake = await startFakeOpenAIServer();
  const context: TestAssistant = await createTestAssistant({
    settings: { ANSWER_MODEL: 'openai:fake', OPENAI_BASE_URL: fake.baseUrl, BATCH_MAX_BYTES: String(64 << 20) },
  });
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: context.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  return {
    fake,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await context.cleanup();
      await fake.close();
    },
  };
}

const questions = [
  'What must a provider disclose under the CLOUD Act?',
  'Who must support intelligence work in China?',
  'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?',
];

export function questionnaire(rows: number, notesLength = 0): string {
  const notes = 'n'.repeat(notesLength);
  const lines = ['id,question,notes'];
  for (let index = 0; index < rows; index++)
    lines.push(`${index + 1},"${questions[index % questions.length]}",${notes}`);
  return lines.join('\n') + '\n';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts the CSV; resolves once the response's first bytes arrived, with the response paused (unread). */
export function postBatch(baseUrl: string, body: string, path = '/api/batch?concurrency=8') {
  return new Promise<{ destroy: () => void; response: IncomingMessage }>((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv' } });
    outgoing.on('response', (response) => {
      response.once('data', () => {
        response.pause();
        resolve({ destroy: () => outgoing.destroy(), response });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function healthy(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/documents`);
  return response.status === 200;
}
