/** The retrieval contract shared by the index, the answer engine and every surface. */
import type { Passage } from '../corpus/types.js';
import type { PassageFilters } from '../index/filters.js';

export type SearchMethod = 'hybrid' | 'fulltext' | 'vector';

/** The index's passage filters, except that `vendor` may hold any alias ("Aliyun", "阿里云"), resolved by retrieval. */
export type SearchFilters = PassageFilters;

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
