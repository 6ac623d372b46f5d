/**
 * Reads a corpus directory: every supported file below it (recursively, in path order), skipping hidden files,
 * other file types and the vendor aliases file. Bad files become problems and the rest still ingests; a document id
 * used twice is a problem for the later file, and so is a vendor id missing from the aliases file.
 *
 * `openCorpus` hands documents on one at a time, reading a few files ahead, so an ingest holds a handful of parsed
 * documents rather than the whole corpus (at 100k passages the parsed corpus alone is about 770 MB of heap);
 * `readCorpus` collects them for callers that want every document at once.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { corpusRelativePath, isSupportedFile, readDocument } from './read-document.js';
import type { CorpusDocument, CorpusProblem } from './types.js';
import { readVendors, vendorAliasesFileName, type Vendor } from './vendor-aliases.js';

/** Files read ahead of the one handed on: PDFs and HTML take a while to parse, but documents come in path order. */
const readAhead = 8;

/** Every file below `directory`, hidden files and folders skipped. */
export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((filePath) => {
      const relative = path.relative(directory, filePath);
      return !relative.split(path.sep).some((part) => part.startsWith('.'));
    });
}

/** One file's outcome, in path order: a document, or the problem that kept it out. */
export type CorpusEntry = { document: CorpusDocument } | { problem: CorpusProblem };

export interface CorpusReading {
  /** Supported files found (each becomes one entry). */
  files: number;
  /** Problems of the corpus as a whole rather than of one file (the vendor aliases file). */
  problems: CorpusProblem[];
  entries: AsyncGenerator<CorpusEntry>;
}

export async function openCorpus(directory: string): Promise<CorpusReading> {
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new AppError('invalid_config', `corpus directory ${directory} does not exist; set CORPUS_DIR to the corpus folder`);
  }
  const problems: CorpusProblem[] = [];
  let vendors: Vendor[] = [];
  try {
    vendors = await readVendors(directory);
  } catch (error) {
    problems.push({ path: vendorAliasesFileName, reason: AppError.from(error).message });
  }
  const knownVendors = new Set(vendors.map((vendor) => vendor.id));

  const files = (await listFiles(directory))
    .filter((filePath) => isSupportedFile(filePath))
    .map((filePath) => ({ filePath, relative: corpusRelativePath(filePath, directory) }))
    .sort((left, right) => (left.relative < right.relative ? -1 : left.relative > right.relative ? 1 : 0));

  async function* entries(): AsyncGenerator<CorpusEntry> {
    const reading: ReturnType<typeof readDocument>[] = [];
    let next = 0;
    const readMore = () => {
      while (reading.length < readAhead && next < files.length) reading.push(readDocument(files[next++]!.filePath, directory));
    };
    const firstPathById = new Map<string, string>();
    readMore();
    while (reading.length > 0) {
      const result = await reading.shift()!;
      readMore();
      if (!result.ok) {
        yield { problem: result.error };
        continue;
      }
      const document = result.value;
      const previous = firstPathById.get(document.metadata.id);
      if (previous !== undefined) {
        yield {
          problem: {
            path: document.sourcePath,
            reason: `duplicate document id "${document.metadata.id}" (already used by ${previous})`,
          },
        };
        continue;
      }
      const unknown = document.metadata.vendors.filter((vendor) => !knownVendors.has(vendor));
      if (unknown.length > 0 && knownVendors.size > 0) {
        yield {
          problem: {
            path: document.sourcePath,
            reason: `invalid front matter: vendors ${unknown.join(', ')} not found in ${vendorAliasesFileName}`,
          },
        };
        continue;
      }
      firstPathById.set(document.metadata.id, document.sourcePath);
      yield { document };
    }
  }
  return { files: files.length, problems, entries: entries() };
}

export async function readCorpus(
  directory: string,
): Promise<{ documents: CorpusDocument[]; problems: CorpusProblem[] }> {
  const corpus = await openCorpus(directory);
  const documents: CorpusDocument[] = [];
  const problems = [...corpus.problems];
  for await (const entry of corpus.entries) {
    if ('document' in entry) documents.push(entry.document);
    else problems.push(entry.problem);
  }
  return { documents, problems };
}
