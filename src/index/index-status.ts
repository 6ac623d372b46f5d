/** What the index reports about itself: its state, the outcome of an ingest, and the documents it holds. */
import type { AnnSearchSettings } from './ann-calibration.js';

export interface IndexStatus {
  ready: boolean;
  corpusVersion: string;
  documents: number;
  passages: number;
  embeddingModel: string;
  table: string;
  indexedAt?: string;
  /** Where full-text queries run: in memory (small tables, memory-fulltext.ts) or in LanceDB's index. */
  fulltextSearch?: 'memory' | 'lancedb';
  /** With an ANN vector index: how it is searched and the vector recall measured when it was built. */
  annSearch?: AnnSearchSettings;
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
