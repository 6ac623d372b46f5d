/**
 * `POST /api/batch` over a real HTTP server with a remote model: a client that goes away stops the batch and the
 * server lives on, and the model allow-list of /api/ask holds here too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, postBatch, questionnaire, sleep, startBatchServer, type BatchServer } from './batch-server.js';

let server: BatchServer;
beforeAll(async () => {
  server = await startBatchServer();
});
afterAll(async () => server?.close());

describe('POST /api/batch when the client goes', () => {
  it('stops answering when the client disconnects, and the server keeps serving', async () => {
    server.fake.firstTokenDelayMs = 300;
    const client = await postBatch(server.baseUrl, questionnaire(200));
    client.destroy();
    await sleep(100);
    const atDisconnect = server.fake.chatRequests().length;
    await sleep(1500);
    // Rows in flight at that moment may still have reached the model; nothing new starts.
    expect(server.fake.chatRequests().length).toBeLessThanOrEqual(atDisconnect + 8);
    expect(server.fake.chatRequests().length).toBeLessThan(40);
    expect(await healthy(server.baseUrl)).toBe(true);
  });

  it('refuses a model that is not enabled on this server before any upstream call', async () => {
    const before = server.fake.chatRequests().length;
    const response = await fetch(`${server.baseUrl}/api/batch?model=openai:anything-billed`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: questionnaire(2),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('not enabled');
    await sleep(200);
    expect(server.fake.chatRequests()).toHaveLength(before);
  });
});
