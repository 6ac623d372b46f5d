/** What the index reports about itself: its state, the outcome of an ingest, and the documents it holds. */

export interface IndexStatus {
  ready: boolean;
  corpusVersion: string;
  documents: number;
  passages: number;
  embeddingModel: string;
  table: string;
  indexedAt?: string;
}

export interface IngestSummary {
  documents: number;
  passages: number;
  added: number;
  updated: number;
  removed: number;
  skipped: number;
  failed: { path: string; reason: string }[];
  corpusVersion: string;
  durationMs: number;
}

export interface DocumentSummary {
  id: string;
  title: string;
  publisher: string;
  url: string;
  jurisdiction: string;
  type: string;
  published: string;
  asOf: string;
  vendors: string[];
  language: string;
  status: string;
  passages: number;
}
