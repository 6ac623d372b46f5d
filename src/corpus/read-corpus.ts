/**
 * Reads a whole corpus directory: every supported file below it (recursively, in path order), skipping hidden
 * files, other file types and the vendor aliases file. Bad files become problems and the rest still ingests;
 * a document id used twice is a problem for the later file, and so is a vendor id missing from the aliases file.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { corpusRelativePath, isSupportedFile, readDocument } from './read-document.js';
import type { CorpusDocument, CorpusProblem } from './types.js';
import { readVendors, vendorAliasesFileName, type Vendor } from './vendor-aliases.js';

/** Files read at once: PDFs and HTML take a while to parse, but the corpus must stay in path order. */
const concurrency = 8;

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

export async function readCorpus(
  directory: string,
): Promise<{ documents: CorpusDocument[]; problems: CorpusProblem[] }> {
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

  const results = new Array<Awaited<ReturnType<typeof readDocument>>>(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, files.length) }, async () => {
      while (next < files.length) {
        const index = next++;
        results[index] = await readDocument(files[index]!.filePath, directory);
      }
    }),
  );

  const documents: CorpusDocument[] = [];
  const firstPathById = new Map<string, string>();
  for (const result of results) {
    if (!result.ok) {
      problems.push(result.error);
      continue;
    }
    const document = result.value;
    const previous = firstPathById.get(document.metadata.id);
    if (previous !== undefined) {
      problems.push({
        path: document.sourcePath,
        reason: `duplicate document id "${document.metadata.id}" (already used by ${previous})`,
      });
      continue;
    }
    const unknown = document.metadata.vendors.filter((vendor) => !knownVendors.has(vendor));
    if (unknown.length > 0 && knownVendors.size > 0) {
      problems.push({
        path: document.sourcePath,
        reason: `invalid front matter: vendors ${unknown.join(', ')} not found in ${vendorAliasesFileName}`,
      });
      continue;
    }
    firstPathById.set(document.metadata.id, document.sourcePath);
    documents.push(document);
  }
  return { documents, problems };
}
