/**
 * Query planning: a question is read once, before any search runs, into a plan that says what will be searched and
 * how the lists are fused. The plan holds the filters with vendor names resolved, the full-text query with the
 * alias names of the vendors it mentions, the vendors whose own passages are searched, the documents it names and the
 * provisions it cites, and which lists take part with what weight. hybrid-search.ts carries the plan out.
 *
 * A search asked for vendor evidence also plans, up front, the searches over each vendor's own passages (the question
 * and one search per part of a vendor answer), the vendor's profile units that lead them, and the settings that
 * bound what is shown; vendor-evidence.ts runs them beside the general lists and merges the result.
 */
import type { FilterableFields, PassageFilters } from '../index/filters.js';
import type { FulltextQuery } from '../index/search-backend.js';
import { AppError } from '../errors.js';
import type { VendorAliases } from './aliases.js';
import type { DocumentCatalog } from './document-catalog.js';
import { findReferences, referenceFilter, type QueryReferences } from './references.js';
import type { SearchFilters, SearchMethod, SearchOptions, VendorFacet } from './types.js';

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
  /** The vendors whose evidence is gathered and the searches over their passages; undefined when none is. */
  evidence?: EvidencePlan;
}

/** One ranked list over a vendor's own passages. */
export interface VendorSearch {
  /** What the vector list embeds. */
  query: string;
  fulltext: FulltextQuery;
  /** The search's filters, the vendor's id among them. */
  filters: PassageFilters;
  /** Whether the vendor's profile units lead the list (its query names the vendor, as a hybrid search would see). */
  profileLed: boolean;
  /** A part of a vendor answer, whose list reads the same whatever the question (so later questions reuse it). */
  questionFree: boolean;
}

export interface EvidencePlan {
  vendors: { id: string; name: string; searches: VendorSearch[] }[];
}

export interface PlanContext {
  aliases?: Pick<VendorAliases, 'resolve' | 'expandQuery'> & Partial<Pick<VendorAliases, 'vendors'>>;
  catalog?: DocumentCatalog;
  /** Weight of the vector list in fusion; 0 plans full text only. */
  denseWeight: number;
  settings: Pick<ListSettings, 'maxVendors'>;
  /** Vendors of one question whose evidence is gathered (when `SearchOptions.evidence` asks for it). */
  evidenceVendors?: number;
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
  const planned = fulltextQueryFor(trimmed, context.aliases);
  const expandedQuery = planned.query.expansion ? `${trimmed} ${planned.query.expansion}` : planned.query.text;
  const catalog = requested === 'hybrid' ? context.catalog : undefined;
  const accepts = referenceFilter(filters);
  const vendorIds = catalog
    ? planned.vendorIds
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
    fulltext: planned.query,
    expandedQuery,
    limit: Math.max(candidatesPerList, k),
    vectorWeight: method === 'fulltext' ? 0 : method === 'hybrid' ? context.denseWeight : 1,
    vendorIds,
    ...(catalog ? { references: findReferences(catalog, trimmed, accepts) } : {}),
    ...(catalog && options.evidence ? planEvidence(trimmed, options, filters, context) : {}),
  };
}

/** The full-text query for a text: its own words, and the other names of the vendors it mentions at a lower weight. */
function fulltextQueryFor(
  text: string,
  aliases: PlanContext['aliases'],
): { query: FulltextQuery; vendorIds: string[] } {
  const expanded = aliases?.expandQuery(text);
  const expandedText = expanded?.expanded ?? text;
  const expansion = expandedText.startsWith(text) ? expandedText.slice(text.length).trim() : '';
  return {
    query: expansion ? { text, expansion } : { text: expandedText },
    vendorIds: expanded?.vendorIds ?? [],
  };
}

/**
 * The vendors a question is about (the context vendor first, then those it names) and, for each, the question and
 * every facet as searches over that vendor's passages (the vendor filter replaces any other vendor filter).
 */
function planEvidence(
  question: string,
  options: SearchOptions,
  filters: PassageFilters,
  context: PlanContext,
): { evidence?: EvidencePlan } {
  const request = options.evidence!;
  const aliases = context.aliases;
  if (!aliases) return {};
  const contextIds = request.vendorContext ? aliases.expandQuery(request.vendorContext).vendorIds : [];
  const ids = [...new Set([...contextIds, ...aliases.expandQuery(question).vendorIds])].slice(
    0,
    context.evidenceVendors ?? context.settings.maxVendors,
  );
  const vendors = ids.flatMap((id) => {
    const name = aliases.vendors?.find((vendor) => vendor.id === id)?.name;
    if (!name) return [];
    const search = (query: string, facet?: VendorFacet): VendorSearch => {
      const planned = fulltextQueryFor(query, aliases);
      return {
        query,
        fulltext: planned.query,
        filters: { ...filters, vendor: [id], ...(facet?.type ? { type: facet.type } : {}) },
        profileLed: planned.vendorIds.includes(id),
        questionFree: facet !== undefined,
      };
    };
    const facets = request.facets.map((facet) => search(facet.query.replaceAll('{vendor}', name), facet));
    return [{ id, name, searches: [search(question), ...facets] }];
  });
  return vendors.length > 0 ? { evidence: { vendors } } : {};
}
