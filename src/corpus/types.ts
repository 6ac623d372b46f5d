/** The corpus data model: documents as read from files, and the citable passages cut from them. */

export const documentTypes = ['law', 'regulation', 'guidance', 'standard', 'court', 'news', 'vendor'] as const;
export type DocumentType = (typeof documentTypes)[number];

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf';

export interface DocumentMetadata {
  id: string;
  title: string;
  /** First element of every heading path; defaults to the title. */
  shortTitle: string;
  publisher: string;
  url: string;
  jurisdiction: string;
  type: DocumentType;
  /** YYYY-MM-DD, or '' when unknown (plain files without front matter). */
  published: string;
  asOf: string;
  vendors: string[];
  language: string;
  status: string;
  verification: string;
}

/** A heading-delimited unit of a document, before it is sized into passages. */
export interface DocumentSection {
  /** Anchor part of the passage id (`art-38`). */
  anchor: string;
  /** Heading texts from the top of the document down to this unit (without the short title). */
  headings: string[];
  /** Character offsets of the unit's body in `CorpusDocument.text`. */
  start: number;
  end: number;
  /** 1-based page number for PDFs. */
  page?: number;
}

export interface CorpusDocument {
  metadata: DocumentMetadata;
  /** The document text that passage offsets refer to (front matter removed). */
  text: string;
  sections: DocumentSection[];
  format: DocumentFormat;
  /** Path relative to the corpus directory. */
  sourcePath: string;
  /** sha256 of the file bytes (hex); unchanged documents are skipped on re-ingest. */
  contentHash: string;
}

export interface Passage {
  /** Stable, readable id: `<document id>#<anchor>` (`pipl-2021#art-38`), parts after the first get `-p2`, ... */
  id: string;
  documentId: string;
  /** Heading path joined with ' › ' ("PIPL › Chapter III › Article 38"). */
  heading: string;
  text: string;
  /** `document.text.slice(start, end) === text`. */
  start: number;
  end: number;
  page?: number;
  /** sha256 (hex, first 16 chars) of the passage text. */
  contentHash: string;
  title: string;
  publisher: string;
  url: string;
  jurisdiction: string;
  type: DocumentType;
  published: string;
  asOf: string;
  vendors: string[];
  language: string;
  status: string;
}

/** A problem with one file; the rest of the corpus still ingests. */
export interface CorpusProblem {
  path: string;
  reason: string;
}
