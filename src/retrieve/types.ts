/** The retrieval contract shared by the index, the answer engine and every surface. */
import type { DocumentType, Passage } from '../corpus/types.js';
import type { PassageFilters } from '../index/filters.js';

export type SearchMethod = 'hybrid' | 'fulltext' | 'vector';

/** The index's passage filters, except that `vendor` may hold any alias ("Aliyun", "阿里云"), resolved by retrieval. */
export type SearchFilters = PassageFilters;

export interface SearchOptions {
  k?: number;
  filters?: SearchFilters;
  method?: SearchMethod;
  /**
   * Also gather, in the same planned search, the evidence a question about a vendor needs beyond its own words (the
   * vendor's profile and tagged news, the primary law they cite), merged into what is shown (`SearchResult.evidence`).
   */
  evidence?: EvidenceRequest;
}

/** A search for one part of a vendor answer, over the vendor's own passages; `{vendor}` stands for its name. */
export interface VendorFacet {
  query: string;
  type?: DocumentType[];
}

export interface EvidenceRequest {
  /** A vendor the question is about without naming it (a questionnaire row's vendor); planned as named first. */
  vendorContext?: string;
  /** Searches for the parts of an answer the question's own words rarely reach, each over the vendor's passages. */
  facets: readonly VendorFacet[];
}

export interface SearchEvidence {
  /** The passages to show, in order: the best general hits, the vendor's evidence, the law it cites, the rest. */
  shown: SearchHit[];
  /** Vendors whose evidence was gathered (context first, then in order of mention). */
  vendorIds: string[];
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
  /** Present when `evidence` was asked for and the question names (or is about) a known vendor. */
  evidence?: SearchEvidence;
  timings: { totalMs: number; fulltextMs?: number; vectorMs?: number; embedMs?: number; fetchMs?: number };
}

export interface Retriever {
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  getPassage(id: string): Promise<Passage | undefined>;
}
