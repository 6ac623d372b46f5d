/**
 * Query planning: a question is read once, before any search runs, into a plan that says what will be searched and
 * how the lists are fused. The plan holds the filters with vendor names resolved, the full-text query with the
 * alias names of the vendors it mentions, the vendors whose own passages are searched, the documents it names and the
 * provisions it cites, and which lists take part with what weight. hybrid-search.ts carries the plan out.
 */
import type { FilterableFields, PassageFilters } from '../index/filters.js';
import type { FulltextQuery } from '../index/search-backend.js';
import { AppError } from '../errors.js';
import type { VendorAliases } from './aliases.js';
import type { DocumentCatalog } from './document-catalog.js';
import { findReferences, referenceFilter, type QueryReferences } from './references.js';
import type { SearchFilters, SearchMethod, SearchOptions } from './types.js';

export const defaultK = 10;
export const maxK = 100;
/** Candidates fetched from each list before fusion, whatever k is. */
export const candidatesPerList = 50;

/** The weights and depths of the lists a plan can fuse (full text has weight 1). */
export interface ListSettings {
  citedWeight: number;
  namedWeight: number;
  namedLimit: number;
  contextDocuments: number;
  followWeight: number;
  followDepth: number;
  vendorWeight: number;
  vendorCitedWeight: number;
  vendorLimit: number;
  profileAnchors: string[];
  maxVendors: number;
}

export interface QueryPlan {
  /** The question as asked, trimmed; what the vector list embeds. */
  query: string;
  k: number;
  /** The method asked for, and the one run (hybrid without usable vectors runs as full text). */
  requested: SearchMethod;
  method: SearchMethod;
  filters: PassageFilters;
  /** Filters as a predicate over document fields, for the lists built from the catalog; undefined when none. */
  accepts?: (fields: FilterableFields) => boolean;
  fulltext: FulltextQuery;
  /** The query with the alias names appended, as reported back. */
  expandedQuery: string;
  /** How many candidates each ranked list fetches. */
  limit: number;
  /** Weight of the vector list (0 when it does not run). */
  vectorWeight: number;
  /** Vendors whose own passages are searched (named in the question, within the vendor filter). */
  vendorIds: string[];
  /** Documents the question names and provisions it cites; undefined when the plan uses no reference lists. */
  references?: QueryReferences;
}

export interface PlanContext {
  aliases?: Pick<VendorAliases, 'resolve' | 'expandQuery'>;
  catalog?: DocumentCatalog;
  /** Weight of the vector list in fusion; 0 plans full text only. */
  denseWeight: number;
  settings: Pick<ListSettings, 'maxVendors'>;
}

export function resolveFilters(filters: SearchFilters | undefined, aliases: PlanContext['aliases']): PassageFilters {
  if (!filters) return {};
  const vendor = filters.vendor?.map((name) => aliases?.resolve(name) ?? name.trim().toLowerCase());
  return { ...filters, ...(vendor ? { vendor } : {}) };
}

export function planSearch(query: string, options: SearchOptions, context: PlanContext): QueryPlan {
  const trimmed = query.trim();
  if (trimmed === '') throw new AppError('invalid_input', 'The search query is empty.');
  const k = Number.isFinite(options.k) ? Math.min(Math.max(Math.trunc(options.k!), 1), maxK) : defaultK;
  const requested: SearchMethod = options.method ?? 'hybrid';
  const method: SearchMethod = requested === 'hybrid' && context.denseWeight <= 0 ? 'fulltext' : requested;
  const filters = resolveFilters(options.filters, context.aliases);
  const expandedVendors = context.aliases?.expandQuery(trimmed);
  const expandedQuery = expandedVendors?.expanded ?? trimmed;
  const expansion = expandedQuery.startsWith(trimmed) ? expandedQuery.slice(trimmed.length).trim() : '';
  const catalog = requested === 'hybrid' ? context.catalog : undefined;
  const accepts = referenceFilter(filters);
  const vendorIds = catalog
    ? (expandedVendors?.vendorIds ?? [])
        .filter((id) => !filters.vendor?.length || filters.vendor.includes(id))
        .slice(0, context.settings.maxVendors)
    : [];
  return {
    query: trimmed,
    k,
    requested,
    method,
    filters,
    ...(accepts ? { accepts } : {}),
    fulltext: expansion ? { text: trimmed, expansion } : { text: expandedQuery },
    expandedQuery,
    limit: Math.max(candidatesPerList, k),
    vectorWeight: method === 'fulltext' ? 0 : method === 'hybrid' ? context.denseWeight : 1,
    vendorIds,
    ...(catalog ? { references: findReferences(catalog, trimmed, accepts) } : {}),
  };
}
