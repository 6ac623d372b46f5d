/**
 * Reads an earlier run's output to find the rows already answered, so `--resume` answers nothing twice. A row that
 * was cut off when a process was killed is dropped from the file so the run can append cleanly after it. Every row is
 * written whole with its line end, so a file that does not end with one ends in a torn row, even when what is left
 * of it still parses: that row is dropped and answered again.
 */
import { createReadStream } from 'node:fs';
import { appendFile, open, stat, truncate } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { AppError } from '../errors.js';

export interface ResumeState {
  columns: string[];
  answeredRows: Set<number>;
}

export async function readResumeState(outputPath: string): Promise<ResumeState | undefined> {
  const size = await stat(outputPath).then(
    (stats) => stats.size,
    () => undefined,
  );
  if (!size) return undefined;
  let columns: string[] = [];
  const answeredRows = new Set<number>();
  let lastGoodByte = 0;
  let previousGoodByte = 0;
  let lastRow: number | undefined;
  const parser = createReadStream(outputPath).pipe(
    parse({ bom: true, relax_column_count: true, info: true, skip_empty_lines: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      if (columns.length === 0) {
        columns = record;
        if (!columns.includes('row') || !columns.includes('status')) {
          throw new AppError(
            'invalid_input',
            `${outputPath} is not the output of an earlier batch run (no "row" and "status" columns); choose another -o file or drop --resume.`,
          );
        }
        lastRow = undefined;
      } else if (record.length === columns.length) {
        const row = Number(record[columns.indexOf('row')]);
        lastRow = Number.isInteger(row) && row > 0 && !answeredRows.has(row) ? row : undefined;
        if (lastRow !== undefined) answeredRows.add(lastRow);
      } else {
        continue;
      }
      previousGoodByte = lastGoodByte;
      lastGoodByte = info.bytes;
    }
  } catch (error) {
    if (AppError.isInstance(error)) throw error;
    // A torn final row (the process died mid-write): keep everything before it.
  }
  if (lastGoodByte === size && lastGoodByte > 0 && (await lastByte(outputPath)) !== '\n' && columns.length > 0) {
    if (previousGoodByte === 0) {
      // Only the header, torn: write it again whole.
      await appendFile(outputPath, '\n');
    } else {
      if (lastRow !== undefined) answeredRows.delete(lastRow);
      lastGoodByte = previousGoodByte;
    }
  }
  if (lastGoodByte > 0 && lastGoodByte < size) {
    await truncate(outputPath, lastGoodByte);
    if ((await lastByte(outputPath)) !== '\n') await appendFile(outputPath, '\n');
  }
  return { columns, answeredRows };
}

async function lastByte(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(1);
    await handle.read(buffer, 0, 1, Math.max(0, size - 1));
    return buffer.toString('latin1');
  } finally {
    await handle.close();
  }
}
