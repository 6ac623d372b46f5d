/**
 * What the corpus folder held when an index was built: each file's path, size, modification time and content hash,
 * recorded in the manifest. `npm start` compares the folder with it instead of parsing every document again: a file
 * whose size and modification time are unchanged counts as unchanged, any other is hashed, and only a different hash,
 * a new file or a missing one means a reindex. (A file rewritten with the same size and modification time is not
 * noticed; `npm run ingest` always reads everything.)
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../corpus/read-corpus.js';

export interface CorpusFile {
  /** Relative to the corpus folder, with forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

const relative = (directory: string, filePath: string) => path.relative(directory, filePath).split(path.sep).join('/');
const hashFile = async (filePath: string) =>
  createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');

/** Files hashed at once: each is read whole, so a corpus of large files is not held in memory all together. */
const hashingConcurrency = 8;

/** Fingerprints every file of the corpus folder (taken before an ingest reads it, so a later change is noticed). */
export async function fingerprintCorpus(directory: string): Promise<CorpusFile[]> {
  const files = (await listFiles(directory)).sort();
  const fingerprints = new Array<CorpusFile>(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(hashingConcurrency, files.length) }, async () => {
      while (next < files.length) {
        const index = next++;
        const filePath = files[index]!;
        const info = await stat(filePath);
        fingerprints[index] = {
          path: relative(directory, filePath),
          size: info.size,
          mtimeMs: info.mtimeMs,
          sha256: await hashFile(filePath),
        };
      }
    }),
  );
  return fingerprints;
}

/** True when the folder differs from the fingerprint: a file added, removed, or with other content. */
export async function corpusChanged(directory: string, recorded: CorpusFile[]): Promise<boolean> {
  const byPath = new Map(recorded.map((file) => [file.path, file]));
  // A missing folder counts as changed: the reindex then reports it with the setting to fix.
  const files = await listFiles(directory).catch(() => undefined);
  if (!files) return true;
  if (files.length !== recorded.length) return true;
  for (const filePath of files) {
    const before = byPath.get(relative(directory, filePath));
    if (!before) return true;
    const info = await stat(filePath);
    if (info.size === before.size && info.mtimeMs === before.mtimeMs) continue;
    if ((await hashFile(filePath)) !== before.sha256) return true;
  }
  return false;
}
