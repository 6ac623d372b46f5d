/**
 * Reads one corpus file into a document, choosing the reader by extension. Never throws for a bad file: the problem
 * comes back as a value naming the file (relative to the corpus) and the reason, so the rest of the corpus ingests.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../errors.js';
import { readHtml } from './html.js';
import { readMarkdown } from './markdown.js';
import type { ParsedDocument, ReaderInput } from './parsed-document.js';
import { readPdf } from './pdf.js';
import { readPlainText } from './plain-text.js';
import type { CorpusDocument, CorpusProblem, DocumentFormat } from './types.js';

type Reader = (input: ReaderInput) => Promise<Result<ParsedDocument, string>>;

const readers: Record<string, { format: DocumentFormat; read: Reader }> = {
  '.md': { format: 'markdown', read: readMarkdown },
  '.markdown': { format: 'markdown', read: readMarkdown },
  '.txt': { format: 'text', read: readPlainText },
  '.html': { format: 'html', read: readHtml },
  '.htm': { format: 'html', read: readHtml },
  '.pdf': { format: 'pdf', read: readPdf },
};

export const supportedExtensions = Object.keys(readers);

export function isSupportedFile(filePath: string): boolean {
  return path.extname(filePath).toLowerCase() in readers;
}

/** Path relative to the corpus with forward slashes, as shown to people and stored on documents. */
export function corpusRelativePath(filePath: string, corpusDirectory: string): string {
  return path.relative(corpusDirectory, filePath).split(path.sep).join('/');
}

export async function readDocument(
  filePath: string,
  corpusDirectory: string,
): Promise<Result<CorpusDocument, CorpusProblem>> {
  const sourcePath = corpusRelativePath(filePath, corpusDirectory);
  const problem = (reason: string) => fail({ path: sourcePath, reason });
  const reader = readers[path.extname(filePath).toLowerCase()];
  if (!reader) return problem(`unsupported file type; supported: ${supportedExtensions.join(', ')}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return problem(`cannot read the file${code ? ` (${code})` : ''}`);
  }
  let parsed: Result<ParsedDocument, string>;
  try {
    parsed = await reader.read({ bytes, fileName: path.basename(filePath) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = error instanceof TypeError && /encoded data/.test(message) ? 'the file is not valid UTF-8' : message;
    return problem(reason);
  }
  if (!parsed.ok) return problem(parsed.error);
  return ok({
    ...parsed.value,
    format: reader.format,
    sourcePath,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  });
}
