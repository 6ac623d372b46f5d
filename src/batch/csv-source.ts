/**
 * Opens a CSV questionnaire: finds the encoding and dialect from the first 64 KB (or takes `--encoding` and
 * `--delimiter`), finds the header row (the first record with a question column, so a title line above it is passed
 * over), then streams the rows. A record with broken quoting becomes one error row and the file reads on.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { AppError } from '../errors.js';
import { findColumns, type QuestionColumns } from './columns.js';
import { delimiterNames, sniffDialect, type Delimiter } from './csv-dialect.js';
import type { QuestionnaireSource, SourceOptions, SourceRow } from './questionnaire-source.js';
import { decodeSample, decoder, detectEncoding, parseEncodingName } from './text-encoding.js';

const sampleBytes = 64 * 1024;
/** How far down a title block may push the header. */
const headerSearchRecords = 20;

export async function openCsvSource(
  stream: Readable,
  name: string,
  options: SourceOptions = {},
): Promise<QuestionnaireSource> {
  const { sample, rest, complete } = await readSample(stream, name);
  const encoding = options.encoding ? parseEncodingName(options.encoding) : detectEncoding(sample, complete);
  const sampleText = decodeSample(sample, encoding);
  const sniffed = sniffDialect(sampleText, complete);
  const delimiter = options.delimiter ? parseDelimiter(options.delimiter) : sniffed.delimiter;

  let rowNumber = 0;
  let lastSkippedRecordIndex: number | undefined;
  /** Broken records, with how many good records came before each. */
  const skipped: (SourceRow & { after: number })[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    quote: sniffed.quote,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      // One broken record can raise several errors (one per bad quote); it is still one row.
      const recordIndex = (error as { records?: number } | undefined)?.records;
      if (recordIndex !== undefined && recordIndex === lastSkippedRecordIndex) return undefined;
      lastSkippedRecordIndex = recordIndex;
      skipped.push({
        row: 0,
        after: recordIndex ?? 0,
        error: `unreadable CSV row: ${error?.message ?? 'parse error'}`,
      });
      return undefined;
    },
  });
  // pipeline() carries the source's and the decoder's errors (unreadable file, bad bytes) into the parser, so reading
  // ends with them instead of hanging.
  pipeline(Readable.from(rest()), decoder(encoding, name), parser, () => undefined);
  const records = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();

  const next = async (): Promise<IteratorResult<string[]>> => {
    try {
      return await records.next();
    } catch (error) {
      throw AppError.isInstance(error) ? error : new AppError('invalid_input', `${name}: ${(error as Error).message}`);
    }
  };

  let header: string[] | undefined;
  let columns: QuestionColumns | undefined;
  let firstProblem: unknown;
  let headerIndex = 0;
  for (; headerIndex < headerSearchRecords && !header; headerIndex++) {
    const result = await next();
    if (result.done) break;
    const candidate = result.value.map((cell) => cell.trim());
    try {
      columns = findColumns(candidate, options.column);
      header = candidate;
    } catch (error) {
      firstProblem ??= error;
    }
  }
  // Records broken before the header are part of the title block, not rows.
  while (skipped.length > 0 && skipped[0]!.after < headerIndex) skipped.shift();
  if (!header || !columns) {
    if (firstProblem) throw withName(firstProblem, name);
    throw new AppError('invalid_input', `${name} is empty: it needs a header row with a question column.`);
  }
  const inputColumns = header;

  async function* rows(): AsyncGenerator<SourceRow> {
    /** Good records read so far, the header included: a broken record is yielded where it stood among them. */
    let recordsRead = headerIndex;
    const brokenBefore = function* (limit: number) {
      while (skipped.length > 0 && skipped[0]!.after <= limit) {
        const { error } = skipped.shift()!;
        yield { row: ++rowNumber, error };
      }
    };
    for (;;) {
      const result = await next();
      if (result.done) break;
      yield* brokenBefore(recordsRead);
      recordsRead++;
      const record: Record<string, string> = {};
      inputColumns.forEach((column, index) => {
        record[column] = result.value[index] ?? '';
      });
      yield { row: ++rowNumber, record };
    }
    yield* brokenBefore(Number.POSITIVE_INFINITY);
  }

  return {
    name,
    format: 'csv',
    description: `CSV, ${encoding}, ${delimiterNames[delimiter]}-delimited`,
    inputColumns,
    columns,
    rows: rows(),
  };
}

function parseDelimiter(value: string): Delimiter {
  const named: Record<string, Delimiter> = { comma: ',', semicolon: ';', tab: '\t', '\\t': '\t', pipe: '|' };
  const delimiter = named[value.toLowerCase()] ?? value;
  if (!(delimiter in delimiterNames)) {
    throw new AppError('invalid_input', `Unknown delimiter "${value}": use comma, semicolon, tab or pipe (or , ; |).`);
  }
  return delimiter as Delimiter;
}

function withName(error: unknown, name: string): unknown {
  if (AppError.isInstance(error) && error.code === 'invalid_input' && !error.message.startsWith(name)) {
    return new AppError('invalid_input', `${name}: ${error.message}`);
  }
  return error;
}

/** Reads up to 64 KB for sniffing; `rest()` then yields those bytes and everything after them. */
async function readSample(stream: Readable, name: string) {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = false;
  try {
    while (size < sampleBytes) {
      const result = await iterator.next();
      if (result.done) {
        complete = true;
        break;
      }
      const chunk = typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    throw new AppError('invalid_input', `${name}: ${(error as Error).message}`);
  }
  const sample = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    yield sample;
    if (complete) return;
    for (;;) {
      const result = await iterator.next();
      if (result.done) return;
      yield typeof result.value === 'string' ? Buffer.from(result.value) : result.value;
    }
  }
  return { sample, rest, complete };
}
