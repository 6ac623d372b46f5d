/**
 * A client that stops reading a `POST /api/batch` response pauses the batch: rows are answered only as fast as the
 * response is read (a bounded queue on top of the socket buffers), so memory stays bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, postBatch, questionnaire, sleep, startBatchServer, type BatchServer } from './batch-server.js';

let server: BatchServer;
beforeAll(async () => {
  server = await startBatchServer();
});
afterAll(async () => server?.close());

describe('POST /api/batch with a client that never reads', () => {
  it('stops answering once the unread output fills the queue and the socket', async () => {
    server.fake.firstTokenDelayMs = 0;
    const rows = 300;
    // Wide rows fill the socket buffers after a few dozen rows. What is answered while nobody reads is bounded by what
    // the socket buffers and the response queue hold, the finished rows waiting to be written (four per slot) and the
    // rows in flight, whatever the questionnaire's length: at concurrency 8 about 90 rows, not all 300.
    const client = await postBatch(server.baseUrl, questionnaire(rows, 100_000));
    // Wait until answering has stood still for a while (or everything was answered, which fails below).
    let count = -1;
    let unchangedSince = Date.now();
    const startedAt = Date.now();
    while (Date.now() - unchangedSince < 3000 && Date.now() - startedAt < 45_000) {
      await sleep(250);
      const now = server.fake.chatRequests().length;
      if (now !== count) {
        count = now;
        unchangedSince = Date.now();
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(rows / 2);
    client.destroy();
    await sleep(300);
    expect(await healthy(server.baseUrl)).toBe(true);
  }, 60_000);
});
