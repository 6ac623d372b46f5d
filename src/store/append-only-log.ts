/**
 * An append-only JSON Lines file that several processes may append to at once (the server, `npm run batch`, a second
 * server on the same DATA_DIR) and that survives crashes and a full disk.
 *
 * - One write per batch of records on a file opened with O_APPEND, so the kernel places each write at the end as
 *   one piece: records of different processes never interleave, and nobody computes offsets from its own writes.
 * - `append` resolves only after the write was complete and fsynced; a short write (disk full) or a failed fsync
 *   rejects with `storage_unavailable`, so a caller never reports a record as saved that is not on disk.
 * - A torn fragment (a crash or a short write mid-record) is never cut off, since another process may be appending
 *   behind it; the reader skips it instead. A record appended after a fragment shares its line, and is recovered as
 *   the line's suffix that parses: the fragment is a strict prefix of an object, so it can never complete one.
 * - Records are found by key through an in-memory index of byte offsets; records appended by other processes are
 *   indexed on a lookup miss.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

export interface AppendOnlyLog<T> {
  append(record: T): Promise<void>;
  get(key: string): Promise<T | undefined>;
  /** Every record in file order. */
  all(): Promise<T[]>;
  close(): Promise<void>;
}

export interface AppendOnlyLogOptions {
  /** Opens the file for reading and appending (the file system's own by default; tests inject failing handles). */
  openFile?: (filePath: string) => Promise<FileHandle>;
  /** Bytes read at a time while indexing (default 4 MiB): a long log is indexed without holding it in memory. */
  scanChunkBytes?: number;
}

const defaultScanChunkBytes = 4 * 1024 * 1024;

interface Location {
  offset: number;
  length: number;
}

const openForAppend = (filePath: string) => open(filePath, 'a+');

/** The first suffix of `line` starting with `{` that parses as a JSON object, with its start within the line. */
function parseRecoverable<T>(line: string): { record: T; start: number } | undefined {
  for (let start = line.indexOf('{'); start >= 0; start = line.indexOf('{', start + 1)) {
    try {
      const record = JSON.parse(line.slice(start)) as unknown;
      if (typeof record === 'object' && record !== null) return { record: record as T, start };
    } catch {
      // A torn fragment before the record: try the next candidate start.
    }
  }
  return undefined;
}

function storageError(filePath: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('storage_unavailable', `The record could not be saved durably (${reason}); nothing was kept.`, {
    cause,
    details: { file: path.basename(filePath) },
  });
}

export async function openAppendOnlyLog<T>(
  filePath: string,
  keyOf: (record: T) => string,
  options: AppendOnlyLogOptions = {},
): Promise<AppendOnlyLog<T>> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const handle: FileHandle = await (options.openFile ?? openForAppend)(filePath);
  const index = new Map<string, Location>();
  let indexedBytes = 0;
  let closed = false;

  const chunkBytes = Math.max(1, options.scanChunkBytes ?? defaultScanChunkBytes);

  /**
   * Indexes complete lines from `indexedBytes` on, a chunk at a time (a line cut by a chunk's end waits for the next
   * chunk); a line still being written (no newline yet) waits for a later scan.
   */
  async function scanTail(): Promise<void> {
    const { size } = await handle.stat();
    let position = indexedBytes;
    // The bytes from `indexedBytes` that are read but not yet a complete line.
    let carried = Buffer.alloc(0);
    while (position < size) {
      // The carried bytes (a line cut by the last chunk's end, short) go first; the file is read in right behind them.
      const buffer = Buffer.allocUnsafe(carried.length + Math.min(chunkBytes, size - position));
      carried.copy(buffer);
      const { bytesRead } = await handle.read(buffer, carried.length, buffer.length - carried.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const filled = carried.length + bytesRead;
      let lineStart = 0;
      for (;;) {
        const newline = buffer.indexOf(0x0a, lineStart);
        if (newline < 0 || newline >= filled) break;
        const line = buffer.subarray(lineStart, newline);
        const found = line.length > 0 ? parseRecoverable<T>(line.toString('utf8')) : undefined;
        if (found) {
          const skipped = Buffer.byteLength(line.toString('utf8').slice(0, found.start), 'utf8');
          index.set(keyOf(found.record), {
            offset: indexedBytes + lineStart + skipped,
            length: newline - lineStart - skipped,
          });
        }
        lineStart = newline + 1;
      }
      indexedBytes += lineStart;
      carried = buffer.subarray(lineStart, filled);
    }
  }

  // Scans run one after another (two at once would both index the same bytes), each starting after its caller asked.
  let scanning: Promise<void> = Promise.resolve();
  function indexTail(): Promise<void> {
    const scan = scanning.then(scanTail);
    scanning = scan.catch(() => {});
    return scan;
  }

  await indexTail();

  let pending: { line: Buffer; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const data = Buffer.concat(batch.map((item) => item.line));
        let written: number;
        try {
          ({ bytesWritten: written } = await handle.write(data, 0, data.length, null));
          await handle.sync();
        } catch (error) {
          throw storageError(filePath, error);
        }
        if (written !== data.length) {
          // Writing the rest would put it after whatever another process appended meanwhile: give up the batch.
          throw storageError(filePath, new Error(`only ${written} of ${data.length} bytes were written`));
        }
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = undefined;
  }

  async function read(location: Location): Promise<T> {
    const buffer = Buffer.alloc(location.length);
    await handle.read(buffer, 0, location.length, location.offset);
    return JSON.parse(buffer.toString('utf8')) as T;
  }

  return {
    append(record) {
      if (closed) return Promise.reject(new AppError('storage_unavailable', 'The record store is closed.'));
      const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
      return new Promise<void>((resolve, reject) => {
        pending.push({ line, resolve, reject });
        flushing ??= flush();
      });
    },
    async get(key) {
      if (!index.has(key) && !closed) {
        await flushing;
        await indexTail();
      }
      const location = index.get(key);
      return location ? read(location) : undefined;
    },
    async all() {
      await flushing;
      await indexTail();
      const locations = [...index.values()].sort((left, right) => left.offset - right.offset);
      return Promise.all(locations.map(read));
    },
    async close() {
      if (closed) return;
      await flushing;
      closed = true;
      await handle.close();
    },
  };
}
