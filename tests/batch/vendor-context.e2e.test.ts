/**
 * A questionnaire's Vendor column is context, not a filter: over the shipped corpus, a 26-row security questionnaire
 * answers no fewer rows with the column than without it (general law still reaches questions about a named vendor),
 * and rows about a vendor cite that vendor's own passages.
 */
import { readFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRows, type BatchRow } from '../../src/batch/answer-rows.js';
import { openQuestionnaireBytes } from '../../src/batch/open-questionnaire.js';
import { loadVendorAliases } from '../../src/retrieve/aliases.js';
import { createTestAssistant, shippedCorpus, type TestAssistant } from '../helpers/test-assistant.js';

const fixture = 'tests/fixtures/questionnaires/security-questionnaire.csv';
let context: TestAssistant;

beforeAll(async () => {
  context = await createTestAssistant({ corpusDir: shippedCorpus });
}, 120_000);
afterAll(async () => context?.cleanup());

async function answer(csv: string): Promise<BatchRow[]> {
  const rows: BatchRow[] = [];
  await answerRows({
    source: await openQuestionnaireBytes(Buffer.from(csv), 'questionnaire.csv'),
    answer: (question, options) => context.assistant.ask(question, options),
    publicUrl: '',
    concurrency: 4,
    onHeader: () => undefined,
    onRow: (row) => {
      rows.push(row);
    },
  });
  return rows;
}

describe('the Vendor column of a questionnaire', () => {
  it('answers no fewer rows than without it, and rows about a vendor cite the vendor', async () => {
    const text = await readFile(fixture, 'utf8');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(26);
    const withoutVendor = stringify(
      records.map(({ Vendor: _vendor, ...rest }) => rest),
      { header: true },
    );
    const [withColumn, withoutColumn] = [await answer(text), await answer(withoutVendor)];
    const answered = (rows: BatchRow[]) => rows.filter((row) => row.cells.status === 'answered').length;
    expect(answered(withColumn)).toBeGreaterThanOrEqual(answered(withoutColumn));
    expect(answered(withColumn)).toBeGreaterThanOrEqual(13);

    // The breach-notification row needs general law (GDPR Art. 33), not the vendor's profile.
    const breach = withColumn.find((row) => row.cells['Question ID'] === 'SEC-01')!;
    expect(breach.cells.status).toBe('answered');
    expect(breach.cells.citation_ids).toContain('gdpr-2016#');

    const aliases = await loadVendorAliases(shippedCorpus);
    const vendorRows = withColumn.filter((row) => row.cells.Vendor !== '' && row.cells.status === 'answered');
    const citingVendor = vendorRows.filter((row) => {
      const vendorId = aliases.expandQuery(row.cells.Vendor!).vendorIds[0];
      return row.record?.citations.some((citation) => citation.documentId.includes(vendorId ?? '-'));
    });
    // Most rows about a vendor cite its own documents (its profile or news tagged with it).
    expect(citingVendor.length).toBeGreaterThanOrEqual(Math.ceil(vendorRows.length / 2));
  }, 120_000);

  it('differs from the strict API filter, which keeps only passages tagged with the vendor', async () => {
    const records = parse(await readFile(fixture, 'utf8'), { columns: true }) as Record<string, string>[];
    const statuses = await Promise.all(
      records.map(async (record) => {
        const options = record.Vendor ? { filters: { vendor: [record.Vendor] } } : {};
        return (await context.assistant.ask(record.Question!, options)).status;
      }),
    );
    const strictAnswered = statuses.filter((status) => status === 'answered').length;
    const contextAnswered = (await answer(await readFile(fixture, 'utf8'))).filter(
      (row) => row.cells.status === 'answered',
    ).length;
    expect(strictAnswered).toBeLessThan(contextAnswered);
  }, 120_000);
});
