/**
 * `POST /api/batch` over a real HTTP server with a remote model: rows are answered in parallel, a client that goes
 * away stops the batch and the server lives on, and the model allow-list of /api/ask holds here too.
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

describe('POST /api/batch with a remote model', () => {
  it('answers rows in parallel up to the concurrency asked for, and writes them in input order', async () => {
    server.fake.firstTokenDelayMs = 300;
    const before = server.fake.chatRequests().length;
    const response = await fetch(`${server.baseUrl}/api/batch?concurrency=8`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      body: questionnaire(16),
    });
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.slice(0, 16).map((line) => line.id)).toEqual(Array.from({ length: 16 }, (_, index) => `${index + 1}`));
    const received = server.fake
      .chatRequests()
      .slice(before)
      .map((request) => request.receivedAt);
    expect(received).toHaveLength(16);
    // One row at a time spaces the first eight requests by at least 7 × 300 ms; eight at once start together (the
    // margin is for a loaded machine, where retrieving eight rows' evidence takes a while).
    expect(received[7]! - received[0]!).toBeLessThan((7 * 300) / 2);
  });
});
