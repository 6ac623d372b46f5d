import { describe, expect, it } from 'vitest';
import { parseChunk, readChunks, splitEvents } from '../../src/widget/event-stream.js';

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

describe('UI message stream reader', () => {
  it('splits complete events and keeps the unfinished tail', () => {
    expect(splitEvents('data: {"type":"start"}\n\ndata: {"type":"te')).toEqual({
      data: ['{"type":"start"}'],
      rest: 'data: {"type":"te',
    });
  });

  it('ignores keep-alive comments, [DONE] and malformed payloads', () => {
    expect(splitEvents(': keep-alive\n\n').data).toEqual([]);
    expect(parseChunk('[DONE]')).toBeUndefined();
    expect(parseChunk('{not json')).toBeUndefined();
  });

  it('yields chunks across arbitrary network splits', async () => {
    const body = [
      'data: {"type":"text-start","id":"t"}\n\nda',
      'ta: {"type":"text-delta","id":"t","delta":"Hel"}\r\n\r\ndata: {"type":"text-delta","id":"t","delta":"lo"}\n',
      '\ndata: {"type":"data-answer","data":{"status":"answered"}}\n\ndata: [DONE]\n\n',
    ];
    const chunks = [];
    for await (const chunk of readChunks(streamOf(body))) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['text-start', 'text-delta', 'text-delta', 'data-answer']);
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => chunk.delta)).toEqual(['Hel', 'lo']);
  });

  it('reads a final event that lacks the closing blank line', async () => {
    const chunks = [];
    for await (const chunk of readChunks(streamOf(['data: {"type":"finish"}']))) chunks.push(chunk);
    expect(chunks).toEqual([{ type: 'finish' }]);
  });
});
