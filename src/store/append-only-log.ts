/**
 * An append-only JSON Lines file that survives crashes: each append is written and fsynced before it resolves
 * (appends that arrive together share one write and one fsync), a torn last line left by a crash is cut off when
 * the file is opened, and records are found by key through an in-memory index of byte offsets. Records appended by
 * another process (the CLI next to a running server) are picked up on a lookup miss.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface AppendOnlyLog<T> {
  append(record: T): Promise<void>;
  get(key: string): Promise<T | undefined>;
  /** Every record in file order. */
  all(): Promise<T[]>;
  close(): Promise<void>;
}

interface Location {
  offset: number;
  length: number;
}

export async function openAppendOnlyLog<T>(filePath: string, keyOf: (record: T) => string): Promise<AppendOnlyLog<T>> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const handle: FileHandle = await open(filePath, 'a+');
  const index = new Map<string, Location>();
  let indexedBytes = 0;
  let closed = false;

  /** Reads lines from `indexedBytes` on and indexes complete ones; returns the end of the last complete line. */
  async function indexTail(): Promise<{ completeEnd: number; size: number }> {
    const { size } = await handle.stat();
    if (size <= indexedBytes) return { completeEnd: indexedBytes, size };
    const buffer = Buffer.alloc(size - indexedBytes);
    await handle.read(buffer, 0, buffer.length, indexedBytes);
    let lineStart = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, lineStart);
      if (newline < 0) break;
      const line = buffer.subarray(lineStart, newline).toString('utf8');
      if (line.trim() !== '') {
        try {
          index.set(keyOf(JSON.parse(line) as T), { offset: indexedBytes + lineStart, length: newline - lineStart });
        } catch {
          // A damaged line in the middle (disk trouble) is skipped; the rest stays readable.
        }
      }
      lineStart = newline + 1;
    }
    indexedBytes += lineStart;
    return { completeEnd: indexedBytes, size };
  }

  const { completeEnd, size } = await indexTail();
  if (completeEnd < size) {
    // A crash mid-append left a partial last line: drop it so the next append starts on a fresh line.
    await handle.truncate(completeEnd);
    await handle.sync();
  }

  let pending: { line: Buffer; record: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await indexTail();
        const data = Buffer.concat(batch.map((item) => item.line));
        await handle.write(data, 0, data.length, null);
        await handle.sync();
        let offset = indexedBytes;
        for (const item of batch) {
          index.set(keyOf(item.record), { offset, length: item.line.length - 1 });
          offset += item.line.length;
        }
        indexedBytes = offset;
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
      if (closed) return Promise.reject(new Error('The log is closed.'));
      const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
      return new Promise<void>((resolve, reject) => {
        pending.push({ line, record, resolve, reject });
        flushing ??= flush();
      });
    },
    async get(key) {
      let location = index.get(key);
      if (!location && !closed) {
        await flushing;
        await indexTail();
        location = index.get(key);
      }
      if (!location) return undefined;
      const record = await read(location).catch(() => undefined);
      if (record !== undefined && keyOf(record) === key) return record;
      // Another process appended between our index read and our write: rebuild the index once.
      index.clear();
      indexedBytes = 0;
      await indexTail();
      location = index.get(key);
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
