/**
 * Reads the AI SDK UI message stream (server-sent events whose `data:` lines are JSON chunks, ended by `[DONE]`)
 * without the SDK's client, which would not fit the widget's size budget.
 */

export interface StreamChunk {
  type: string;
  [field: string]: unknown;
}

/** Splits buffered SSE text into complete events' data payloads; the unfinished tail is returned as `rest`. */
export function splitEvents(buffer: string): { data: string[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const events = normalized.split('\n\n');
  const rest = events.pop() ?? '';
  const data: string[] = [];
  for (const event of events) {
    const lines = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (lines.length > 0) data.push(lines.join('\n'));
  }
  return { data, rest };
}

/** Parses one event payload; `[DONE]` and malformed payloads yield nothing. */
export function parseChunk(data: string): StreamChunk | undefined {
  if (data === '[DONE]') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as StreamChunk).type === 'string') {
      return value as StreamChunk;
    }
  } catch {
    // A malformed event is skipped rather than ending the answer.
  }
  return undefined;
}

export async function* readChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamChunk> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() + '\n\n' : decoder.decode(value, { stream: true });
      const { data, rest } = splitEvents(buffer);
      buffer = rest;
      for (const payload of data) {
        const chunk = parseChunk(payload);
        if (chunk) yield chunk;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
