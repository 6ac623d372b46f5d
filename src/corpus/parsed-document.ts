/** What every format reader produces before the file-level facts (path, hash, format) are added. */
import type { DocumentMetadata, DocumentSection } from './types.js';

export interface ParsedDocument {
  metadata: DocumentMetadata;
  text: string;
  sections: DocumentSection[];
}

export interface ReaderInput {
  /** Raw file bytes. */
  bytes: Uint8Array;
  /** File name without directories, for fallback ids and titles. */
  fileName: string;
}

/** Decodes UTF-8, dropping a byte-order mark and normalising line endings so offsets mean the same everywhere. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true })
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
}
