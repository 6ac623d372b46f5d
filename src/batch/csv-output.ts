/**
 * Writes answered rows to a CSV file one row per write, so a killed process leaves only whole rows behind and
 * `--resume` can carry on from them. Cells are neutralised against spreadsheet formula injection; a byte-order mark
 * and CRLF line ends can be switched on for Excel.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { neutralizeCell } from './spreadsheet-safety.js';

export interface CsvOutputOptions {
  byteOrderMark?: boolean;
  crlf?: boolean;
}

export interface CsvOutput {
  writeHeader(columns: string[]): Promise<void>;
  writeRow(cells: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Formats rows as CSV text; shared by the file writer and the HTTP response. */
export function csvFormatter(options: CsvOutputOptions = {}) {
  let columns: string[] = [];
  const format = (values: string[]) =>
    stringify([values.map(neutralizeCell)], { record_delimiter: options.crlf ? '\r\n' : '\n' });
  return {
    header(header: string[]): string {
      columns = header;
      return (options.byteOrderMark ? '\uFEFF' : '') + format(header);
    },
    row(cells: Record<string, string>): string {
      return format(columns.map((name) => cells[name] ?? ''));
    },
  };
}

export async function openCsvOutput(
  path: string,
  options: CsvOutputOptions & { append?: boolean; existingColumns?: string[] } = {},
): Promise<CsvOutput> {
  const handle: FileHandle = await open(path, options.append ? 'a' : 'w');
  const formatter = csvFormatter(options);
  let headerDone = false;
  return {
    async writeHeader(columns) {
      if (headerDone) return;
      headerDone = true;
      const header = formatter.header(options.existingColumns ?? columns);
      if (!options.append) await handle.write(header);
    },
    async writeRow(cells) {
      await handle.write(formatter.row(cells));
    },
    async close() {
      await handle.sync().catch(() => undefined);
      await handle.close();
    },
  };
}
