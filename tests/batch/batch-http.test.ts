import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputColumns } from '../../src/batch/output-row.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;

beforeAll(async () => {
  context = await createTestAssistant({ settings: { BATCH_MAX_BYTES: '4000' } });
});
afterAll(async () => context?.cleanup());

const csv =
  'id,question\n1,What safeguards does GDPR Article 46 require for transfers without an adequacy decision?\n2,"Who must support, assist and cooperate with intelligence work in China?"\n';

describe('POST /api/batch', () => {
  it('streams a CSV upload back answered, every input column kept', async () => {
    const response = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.id, row.row, row.status])).toEqual([
      ['1', '1', 'answered'],
      ['2', '2', 'answered'],
    ]);
    expect(rows[0]!.citation_ids).toMatch(/^\[\d+\] gdpr-2016#/);
  });

  it('keeps an input column named like an answer column and writes the answer beside it with a prefix', async () => {
    const response = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'question,status\nWho must support intelligence work in China?,open\n',
    });
    expect(response.status).toBe(200);
    const [header, ...rows] = parse(await response.text()) as string[][];
    expect(header).toEqual(outputColumns(['question', 'status']));
    expect(header!.slice(0, 4)).toEqual(['question', 'status', 'row', 'answer_status']);
    const row = Object.fromEntries(header!.map((name, index) => [name, rows[0]![index]]));
    expect(row).toMatchObject({ status: 'open', answer_status: 'answered', row: '1' });
  });

  it('answers a multipart upload as NDJSON when asked, ending with a summary', async () => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'questionnaire.csv');
    const response = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { accept: 'application/x-ndjson' },
      body: form,
    });
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: '1', status: 'answered' });
    expect(lines[2]).toMatchObject({ summary: { rows: 2, answered: 2 } });
  });

  it('refuses an oversize upload with 413 and a clear message', async () => {
    const big = 'question\n' + 'What safeguards does GDPR Article 46 require?\n'.repeat(200);
    const response = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.stringContaining('larger than 4000 bytes') as string },
    });
  });

  it('refuses other content types and files without a question column as JSON errors', async () => {
    const json = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    const noQuestion = await context.app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'topic\nx\n',
    });
    expect(noQuestion.status).toBe(400);
    expect(((await noQuestion.json()) as { error: { message: string } }).error.message).toContain('No question column');
  });
});
