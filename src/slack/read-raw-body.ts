/**
 * Reads a request body as text with a size cap. Slack's signature covers the exact bytes, so the Slack routes cannot
 * use a parsing body limit; they read the raw body here and stop as soon as it grows past the cap.
 */
import { AppError } from '../errors.js';

export async function readRawBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `Slack request body is larger than ${maxBytes} bytes.`);
}
