/**
 * Rows answered in worker threads are the rows answered in the main thread: the same questionnaire through the pool
 * gives the same status, answer text and citations per row, in input order, and every record is durable in the one
 * answer store, so its answer page opens from the main thread. A row the engine refuses fails the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnswerPool, type AnswerPool } from '../../src/batch/answer-pool.js';
import { answerRows, type AnswerRowsOptions, type BatchRow } from '../../src/batch/answer-rows.js';
import { openQuestionnaireBytes } from '../../src/batch/open-questionnaire.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;
let pool: AnswerPool;

beforeAll(async () => {
  context = await createTestAssistant();
  pool = await openAnswerPool({ config: context.assistant.config, workers: 2 });
});
afterAll(async () => {
  await pool?.close();
  await context?.cleanup();
});

const questionnaire = [
  'id,question,vendor',
  '1,"What must a provider disclose under the CLOUD Act, wherever the data is stored?",',
  '2,Who must support intelligence work in China?,',
  '3,What is a good recipe for pasta carbonara?,',
  '4,,',
  '5,What safeguards does GDPR Article 46 require for transfers without an adequacy decision?,',
  '6,How long may a processor keep personal data after the contract ends?,',
  '7,Within how many hours must a personal data breach be notified?,',
  '8,Does the vendor have to hand over data stored abroad?,Alibaba Cloud',
  '9,What does the National Intelligence Law require of organisations?,',
  '10,Which authority supervises data transfers out of China?,',
].join('\n');

async function answerAll(answer: AnswerRowsOptions['answer'], concurrency = 4): Promise<BatchRow[]> {
  const rows: BatchRow[] = [];
  await answerRows({
    source: await openQuestionnaireBytes(Buffer.from(questionnaire), 'questions.csv'),
    answer,
    publicUrl: 'http://diligence.test',
    concurrency,
    onHeader: () => {},
    onRow: (row) => {
      rows.push(row);
    },
  });
  return rows;
}

/** What a reader compares: everything but the record's own id and link. */
const comparable = (row: BatchRow) => {
  const { answer_id: _id, answer_url: _url, ...cells } = row.cells;
  return { row: row.row, ...cells };
};

describe('answering through the worker pool', () => {
  it('gives the same status, answer text and citations per row as answering in the main thread, in input order', async () => {
    const inProcess = await answerAll((question, options) => context.assistant.ask(question, options));
    const pooled = await answerAll((question, options) => pool.answer(question, options));
    expect(pooled.map((row) => row.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pooled.map(comparable)).toEqual(inProcess.map(comparable));
    expect(new Set(pooled.map((row) => row.cells.status))).toEqual(
      new Set(['answered', 'insufficient_evidence', 'out_of_scope', 'error']),
    );
    expect(pooled.filter((row) => row.cells.citations !== '').length).toBeGreaterThanOrEqual(3);
    expect(pool.stats().answered).toBe(9);
  });

  it('makes every record durable in the one answer store, so the main thread serves its answer page', async () => {
    const pooled = await answerAll((question, options) => pool.answer(question, options));
    const ids = pooled.map((row) => row.cells.answer_id).filter((id) => id !== '');
    expect(ids).toHaveLength(9);
    for (const id of ids) {
      const response = await context.app.request(`/api/answers/${id}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { id: string }).id).toBe(id);
      expect((await context.app.request(`/answers/${id}`)).status).toBe(200);
    }
  });

  it('fails a row the engine refuses with the same error as in the main thread, and the batch goes on', async () => {
    const refused = { model: 'no-such-model' };
    const inProcess = await answerAll((question, options) =>
      context.assistant.ask(question, { ...options, ...refused }),
    );
    const pooled = await answerAll((question, options) => pool.answer(question, { ...options, ...refused }));
    expect(pooled.map(comparable)).toEqual(inProcess.map(comparable));
    expect(pooled.every((row) => row.cells.status === 'error')).toBe(true);
    // The engine's own reason, as in-process, not a generic failure.
    expect(pooled[0]!.cells.error).toContain('no-such-model');
    await expect(pool.answer('Who must support intelligence work in China?')).resolves.toMatchObject({
      status: 'answered',
    });
  });
});
