import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRows, type BatchRow } from '../../src/batch/answer-rows.js';
import { csvFormatter } from '../../src/batch/csv-output.js';
import { openQuestionnaireBytes } from '../../src/batch/open-questionnaire.js';
import { neutralizeCell } from '../../src/batch/spreadsheet-safety.js';
import { createTestAssistant, type TestAssistant } from '../helpers/test-assistant.js';

let context: TestAssistant;

beforeAll(async () => {
  context = await createTestAssistant();
});
afterAll(async () => context?.cleanup());

async function runBatch(
  csv: string | Buffer,
  options: { concurrency?: number; column?: string; encoding?: string } = {},
) {
  const rows: BatchRow[] = [];
  let header: string[] = [];
  const source = await openQuestionnaireBytes(typeof csv === 'string' ? Buffer.from(csv) : csv, 'questions.csv', {
    column: options.column,
    encoding: options.encoding,
  });
  const summary = await answerRows({
    source,
    answer: (question, askOptions) => context.assistant.ask(question, askOptions),
    publicUrl: 'http://diligence.test',
    concurrency: options.concurrency ?? 4,
    onHeader: (columns) => {
      header = columns;
    },
    onRow: (row) => {
      rows.push(row);
    },
  });
  return { rows, header, summary };
}

describe('batch answering of a questionnaire', () => {
  it('keeps every input column, including quotes, commas and newlines inside cells, and appends the evidence', async () => {
    const csv = [
      'ID,Section,Question,Notes',
      '1,"Legal, access","What must a provider disclose under the CLOUD Act, wherever the data is stored?","He said ""check it""',
      'second line of the note"',
      '2,Other,What is a good recipe for pasta carbonara?,',
    ].join('\r\n');
    const { rows, header, summary } = await runBatch(csv);
    expect(header).toEqual(['ID', 'Section', 'Question', 'Notes']);
    expect(rows.map((row) => row.row)).toEqual([1, 2]);
    expect(rows[0]!.cells).toMatchObject({
      ID: '1',
      Section: 'Legal, access',
      Notes: 'He said "check it"\r\nsecond line of the note',
      status: 'answered',
    });
    expect(rows[0]!.cells.citations).toMatch(
      /^\[1\] .+ — .+, (?:published|in force since|adopted|signed|reported on) \d{1,2} \w+ \d{4} · as of \d{1,2} \w+ \d{4}, https?:\/\//,
    );
    expect(rows[0]!.cells.citation_ids).toContain('cloud-act-2018#');
    expect(rows[0]!.cells.answer_url).toBe(`http://diligence.test/answers/${rows[0]!.cells.answer_id}`);
    expect(rows[0]!.cells.review_status).toMatch(/^(draft|needs_review)$/);
    expect(rows[0]!.cells.short_answer!.length).toBeLessThanOrEqual(300);
    expect(rows[0]!.cells.answer!.startsWith(rows[0]!.cells.short_answer!.replace(/….*$/, ''))).toBe(true);
    expect(rows[1]!.cells.review_status).toBe('needs_review');
    expect(rows[1]!.cells.status).toBe('out_of_scope');
    expect(summary).toMatchObject({ rows: 2, answered: 1, outOfScope: 1, errors: 0 });
  });

  it('says why a row was refused without pointing at passages listed elsewhere, which a spreadsheet does not show', async () => {
    const { rows } = await runBatch(
      ['question', 'What is a good recipe for pasta carbonara?', 'What does Article 99 of the CLOUD Act require?'].join(
        '\n',
      ),
    );
    expect(rows.map((row) => row.cells.status)).toEqual(['out_of_scope', 'insufficient_evidence']);
    for (const row of rows) {
      expect(row.cells.answer).not.toBe('');
      expect(row.cells.answer).not.toMatch(/\b(below|above|listed)\b/i);
      expect(row.cells.review_status).toBe('needs_review');
    }
  });

  it('reads files with a UTF-8 byte-order mark and finds the question column by its common names', async () => {
    const { rows, header } = await runBatch(
      Buffer.from('\uFEFFprompt,vendor\nWho must support intelligence work in China?,\n'),
    );
    expect(header).toEqual(['prompt', 'vendor']);
    expect(rows[0]!.cells.status).toBe('answered');
  });

  it('marks bad rows as errors with the reason and answers the rest', async () => {
    const longQuestion = 'Why '.repeat(600);
    const csv = [
      'question',
      '',
      'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?',
      `${longQuestion}?`,
      'a broken "quote" in an unquoted cell',
      'What must a provider disclose under the CLOUD Act?',
    ].join('\n');
    const { rows, summary } = await runBatch(csv);
    const byStatus = rows.map((row) => [row.cells.status, row.cells.error]);
    expect(byStatus[0]).toEqual(['answered', '']);
    expect(byStatus[1]![0]).toBe('error');
    expect(byStatus[1]![1]).toMatch(/2401 characters; the limit is 2000/);
    expect(byStatus[2]![0]).toBe('error');
    expect(byStatus[2]![1]).toMatch(/unreadable CSV row/);
    expect(byStatus[3]).toEqual(['answered', '']);
    expect(summary.errors).toBe(2);
  });

  it('reports an empty question as an error row when the line is not blank', async () => {
    const { rows } = await runBatch(
      'id,question\n7,\n8,What safeguards does GDPR Article 46 require for transfers without an adequacy decision?\n',
    );
    expect(rows[0]!.cells).toMatchObject({ id: '7', status: 'error', error: 'empty question' });
    expect(rows[1]!.cells.status).toBe('answered');
  });

  it('refuses bytes that are not text in the encoding it was told, naming the file and the line', async () => {
    const windows1252 = Buffer.concat([
      Buffer.from('question\nWhat about '),
      Buffer.from([0xe9]),
      Buffer.from('t\u00e9?\n'),
    ]);
    await expect(runBatch(windows1252, { encoding: 'utf-8' })).rejects.toThrow(
      /questions\.csv is not UTF-8 text: .* \(line 2\).*--encoding windows-1252/,
    );
    await expect(runBatch(Buffer.from([0xff, 0xfe, 0x71, 0x00]), { encoding: 'utf-8' })).rejects.toThrow(
      /UTF-16 \(little-endian\), not UTF-8/,
    );
  });

  it('refuses a file without a question column, listing what it looked for', async () => {
    await expect(runBatch('topic,owner\nx,y\n')).rejects.toThrow(
      /No question column: looked for "question", "questions", "q", "prompt"/,
    );
    const { rows } = await runBatch('topic\nWhat safeguards does GDPR Article 46 require?\n', { column: 'TOPIC' });
    expect(rows[0]!.cells.status).toBe('answered');
  });

  it('keeps input order at any concurrency and gives the same answers as one at a time', async () => {
    const questions = [
      'What must a provider disclose under the CLOUD Act?',
      'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?',
      'Who must support intelligence work in China?',
      'What is a good recipe for pasta carbonara?',
      'What did the Irish DPC fine TikTok in 2023?',
      'What does PIPL require before personal information leaves China?',
    ];
    const csv = ['question', ...questions].join('\n');
    const sequential = await runBatch(csv, { concurrency: 1 });
    const parallel = await runBatch(csv, { concurrency: 8 });
    const essentials = (rows: BatchRow[]) =>
      rows.map((row) => [row.row, row.cells.status, row.cells.answer, row.cells.citation_ids]);
    expect(essentials(parallel.rows)).toEqual(essentials(sequential.rows));
    expect(parallel.rows.map((row) => row.row)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('starts the next row as soon as a row is answered, while an earlier row is still being written', async () => {
    const questions = [
      'What must a provider disclose under the CLOUD Act?',
      'Who must support intelligence work in China?',
      'What does PIPL require before personal information leaves China?',
      'What safeguards does GDPR Article 46 require?',
    ];
    const source = await openQuestionnaireBytes(Buffer.from(['question', ...questions].join('\n')), 'questions.csv');
    const asked: string[] = [];
    let thirdAsked: () => void = () => {};
    const thirdRowStarted = new Promise<void>((resolve) => (thirdAsked = resolve));
    let firstWriting: () => void = () => {};
    const firstWriteStarted = new Promise<void>((resolve) => (firstWriting = resolve));
    const written: number[] = [];
    const summary = await answerRows({
      source,
      answer: async (question, askOptions) => {
        asked.push(question);
        if (asked.length === 3) thirdAsked();
        // The second row is answered only once the first is being written, so the first is always answered first.
        if (asked.length === 2) await firstWriteStarted;
        return context.assistant.ask(question, askOptions);
      },
      publicUrl: 'http://diligence.test',
      concurrency: 2,
      onHeader: () => {},
      // The first write finishes only once a third row is being answered: a slot freed by an answered row must not
      // wait for the write of that row (a slow disk, a client reading slowly) before the next row can start.
      onRow: async (row) => {
        if (row.row === 1) {
          firstWriting();
          const waited = await Promise.race([
            thirdRowStarted.then(() => 'started'),
            new Promise((resolve) => setTimeout(() => resolve('timed out'), 5000)),
          ]);
          expect(waited).toBe('started');
        }
        written.push(row.row);
      },
    });
    expect(written).toEqual([1, 2, 3, 4]);
    expect(summary).toMatchObject({ rows: 4, errors: 0 });
  });

  it('gives the same answer and citations as /api/ask for the same question', async () => {
    const question = 'What safeguards does GDPR Article 46 require for transfers without an adequacy decision?';
    const { rows } = await runBatch(`question\n${question}\n`);
    const response = await context.app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    expect(response.status).toBe(200);
    const record = (await response.json()) as {
      status: string;
      answer: string;
      citations: { n: number; passageId: string }[];
    };
    expect(rows[0]!.cells.status).toBe(record.status);
    expect(rows[0]!.cells.citation_ids).toBe(
      record.citations.map((citation) => `[${citation.n}] ${citation.passageId}`).join('; '),
    );
    expect(rows[0]!.record?.answer).toBe(record.answer);
  });
});

describe('spreadsheet safety', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const cell of ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(neutralizeCell(cell)).toBe(`'${cell}`);
    }
    expect(neutralizeCell('What is 1+1?')).toBe('What is 1+1?');
  });

  it('writes neutralised cells through the CSV formatter, with BOM and CRLF for Excel', () => {
    const formatter = csvFormatter({ byteOrderMark: true, crlf: true });
    const text =
      formatter.header(['question', 'answer']) + formatter.row({ question: '=cmd|"/c calc"!A1', answer: 'a, "b"\nc' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const [, row] = parse(text.slice(1), { relax_column_count: true }) as string[][];
    expect(row).toEqual([`'=cmd|"/c calc"!A1`, 'a, "b"\nc']);
  });
});
