/** The retrieval contract shared by the index, the answer engine and every surface. */
import type { DocumentType, Passage } from '../corpus/types.js';

export type SearchMethod = 'hybrid' | 'fulltext' | 'vector';

export interface SearchFilters {
  jurisdiction?: string[];
  type?: DocumentType[];
  /** Vendor ids or any alias ("Aliyun", "阿里云"); resolved through the aliases file. */
  vendor?: string[];
  /** Inclusive YYYY-MM-DD bounds on `published`. */
  publishedFrom?: string;
  publishedTo?: string;
  documentId?: string[];
}

export interface SearchOptions {
  k?: number;
  filters?: SearchFilters;
  method?: SearchMethod;
}

export interface SearchHit {
  passage: Passage;
  /** Fused score (higher is better); comparable only within one result list. */
  score: number;
  rank: number;
  fulltextRank?: number;
  vectorRank?: number;
  fulltextScore?: number;
  vectorScore?: number;
}

export interface SearchResult {
  query: string;
  /** The query as searched after alias expansion. */
  expandedQuery: string;
  method: SearchMethod;
  hits: SearchHit[];
  timings: { totalMs: number; fulltextMs?: number; vectorMs?: number; embedMs?: number; fetchMs?: number };
}

export interface Retriever {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  getPassage(id: string): Promise<Passage | undefined>;
}
