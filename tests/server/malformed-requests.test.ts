/**
 * Requests a client got wrong are the client's problem: malformed percent-encoding in a path and broken multipart
 * uploads are answered 400 with a JSON error code, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let fixture: TestAssistant;

beforeAll(async () => {
  fixture = await createTestAssistant();
});
afterAll(async () => fixture?.cleanup());

async function errorOf(response: Response): Promise<{ status: number; code: string | undefined }> {
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code };
}

describe('GET /api/passages/:id with a malformed id', () => {
  it.each(['%zz', '%ff', '%C0%AF', '%ED%A0%80', '%E0%A4%A', 'ok%'])('answers 400 for %s', async (id) => {
    expect(await errorOf(await fixture.app.request(`/api/passages/${id}`))).toEqual({
      status: 400,
      code: 'invalid_input',
    });
  });

  it('decodes the id exactly once, so an id with a literal % is looked up as written', async () => {
    for (const [path, id] of [
      ['%25zz', '%zz'],
      [encodeURIComponent('nope%20x'), 'nope%20x'],
    ]) {
      const response = await fixture.app.request(`/api/passages/${path}`);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, path).toBe(404);
      expect(body.error.message).toContain(`"${id}"`);
    }
  });

  it('still answers a lone surrogate sent raw (the URL parser replaces it) with a JSON 404', async () => {
    expect(await errorOf(await fixture.app.request('/api/passages/a\uD800b'))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });
});

describe('POST /api/batch with broken multipart', () => {
  const csv = 'question\nIs Alibaba Cloud a security risk?\n';
  const post = (contentType: string, body: string) =>
    fixture.app.request('/api/batch', { method: 'POST', headers: { 'content-type': contentType }, body });
  const part = (disposition: string) =>
    `--XyZ\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--XyZ--\r\n`;

  it('answers 400 when the Content-Type has no boundary', async () => {
    expect(await errorOf(await post('multipart/form-data', part('name="file"; filename="q.csv"')))).toEqual({
      status: 400,
      code: 'invalid_input',
    });
  });

  it('answers 400 when the body is cut short', async () => {
    const truncated = part('name="file"; filename="q.csv"').slice(0, 70);
    expect(await errorOf(await post('multipart/form-data; boundary=XyZ', truncated))).toEqual({
      status: 400,
      code: 'invalid_input',
    });
  });

  it('answers 400 when there is no closing boundary', async () => {
    const unterminated = `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="q.csv"\r\n\r\n${csv}`;
    expect(await errorOf(await post('multipart/form-data; boundary=XyZ', unterminated))).toEqual({
      status: 400,
      code: 'invalid_input',
    });
  });

  it('does not fail with 500 on an escaped quote in the file name', async () => {
    const response = await post('multipart/form-data; boundary=XyZ', part('name="file"; filename="q\\"1.csv"'));
    expect(response.status).toBeLessThan(500);
    await response.body?.cancel();
  });
});
