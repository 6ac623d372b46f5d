/** The corpus data model: documents as read from files, and the citable passages cut from them. */

export const documentTypes = ['law', 'regulation', 'guidance', 'standard', 'court', 'news', 'vendor'] as const;
export type DocumentType = (typeof documentTypes)[number];

/**
 * What each date of a source means (docs/corpus-format.md): all YYYY-MM-DD, absent when the corpus does not say.
 * `published` stays on the metadata itself, because news and plain files often have only that date.
 */
export interface SourceDates {
  /** Passed by the legislature or adopted by the issuing body. */
  adopted?: string;
  /** Promulgated (PRC laws: by presidential or State Council order). */
  promulgated?: string;
  /** Signed (executive orders, State Council regulations, acts signed into law). */
  signed?: string;
  /** Entered into force. */
  inForce?: string;
  /** Applies from, when application starts after entry into force (GDPR); several dates when it is staged (AI Act). */
  appliesFrom?: string[];
  /** Dates of amendments reflected or noted in the text. */
  amended?: string[];
  repealed?: string;
  /** The document id or canonical name of the instrument that replaced this one. */
  supersededBy?: string;
  /** Front-matter date fields that are placeholders, not confirmed dates (`published`, `in_force`, ...). */
  unconfirmed?: string[];
}

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
  /** The other dates, each with its meaning. */
  dates: SourceDates;
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
  /** Absent on passages indexed before dates had meanings. */
  dates?: SourceDates;
  vendors: string[];
  language: string;
  status: string;
}

/** A problem with one file; the rest of the corpus still ingests. */
export interface CorpusProblem {
  path: string;
  reason: string;
}
