/**
 * What the index offers retrieval: ranked lists from the full-text and vector indexes of one consistent table, the
 * passages behind ids, and the facts about the indexed documents that query planning reads (titles, types, filter
 * fields, passage ids). Retrieval decides what to ask for and how to fuse it; the index only answers.
 */
import type { Passage } from '../corpus/types.js';
import type { FilterableFields, PassageFilters } from './filters.js';

export interface RankedCandidate {
  id: string;
  score: number;
  /** The passage itself, when the list's search returned it along with the id (full text does). */
  passage?: Passage;
}

export interface FulltextQuery {
  text: string;
  /** Words added to the user's own (vendor alias names); they count for less. */
  expansion?: string;
  /** Further words, each group with its own weight against the user's (1), e.g. pseudo-relevance feedback. */
  feedback?: { text: string; weight: number }[];
}

/** A document of the index as query planning sees it. */
export interface IndexedDocument {
  id: string;
  title: string;
  /** The first element of the document's heading paths (`short_title` in the front matter, else the title). */
  shortTitle: string;
  type: string;
  fields: FilterableFields;
}

export interface SearchBackend {
  /** Top `limit` passage ids by BM25 over the search column, with their passages. */
  fulltext(query: FulltextQuery, filters: PassageFilters, limit: number): Promise<RankedCandidate[]>;
  /** Top `limit` passage ids by cosine similarity (score = similarity). */
  vector(vector: number[], filters: PassageFilters, limit: number): Promise<RankedCandidate[]>;
  passages(ids: string[]): Promise<Map<string, Passage>>;
  /** The indexed documents and every passage id, for questions that cite or name them; absent in bare backends. */
  readonly documents?: readonly IndexedDocument[];
  readonly passageIds?: readonly string[];
}
