/**
 * The evidence shown to the model. Most questions get the general search alone. A question that names a vendor (or
 * is asked about one as context) also gets the vendor's own evidence and the primary law behind it, gathered by the
 * same planned search (retrieve/vendor-lists.ts): what this module adds is what a diligence answer consists of, the
 * facets searched over the vendor's passages (the field vocabulary's `vendor_searches`). The evidence check still
 * reads the general search alone, so the decision to answer does not change.
 */
import type { VendorAliases } from '../retrieve/aliases.js';
import type { Retriever, SearchFilters, SearchHit, VendorFacet } from '../retrieve/types.js';

export { vendorEvidenceSettings } from '../retrieve/vendor-lists.js';

export interface GatheredEvidence {
  /** The general search, as ranked: what the evidence check reads. */
  general: SearchHit[];
  /** The passages shown to the model, in prompt order. */
  shown: SearchHit[];
  /** Vendors the question names, in order of mention. */
  vendorIds: string[];
  /**
   * Names of the vendors the question is asked about as context (`vendorContext`), for the model to treat as named:
   * the known vendor's name, else the context as given.
   */
  contextVendors: string[];
}

export interface GatherOptions {
  k: number;
  filters: SearchFilters;
  /** Aliases to find the vendors a question names; without them every question gets the general search alone. */
  aliases?: Pick<VendorAliases, 'vendors' | 'expandQuery'>;
  /** A vendor the question is asked about without naming it; treated as named first. */
  vendorContext?: string;
  /**
   * One search per part of a diligence answer that the question's own words rarely reach (the legal exposure,
   * reported events, counterpoints, questions to ask), over the vendor's passages: the field vocabulary's
   * `vendor_searches`. None: the vendor's passages are still found by the question's own words.
   */
  facets?: readonly VendorFacet[];
}

export async function gatherEvidence(
  retriever: Retriever,
  question: string,
  options: GatherOptions,
): Promise<GatheredEvidence> {
  const contextVendors = contextVendorNames(options);
  const result = await retriever.search(question, {
    k: options.k,
    filters: options.filters,
    ...(options.aliases
      ? {
          evidence: {
            facets: options.facets ?? [],
            ...(options.vendorContext ? { vendorContext: options.vendorContext } : {}),
          },
        }
      : {}),
  });
  const general = uniqueHits(result.hits);
  if (!result.evidence) return { general, shown: general, vendorIds: [], contextVendors };
  return { general, shown: result.evidence.shown, vendorIds: result.evidence.vendorIds, contextVendors };
}

function contextVendorNames(options: GatherOptions): string[] {
  const context = options.vendorContext?.trim();
  if (!context) return [];
  const known = (options.aliases?.expandQuery(context).vendorIds ?? []).flatMap((id) => {
    const vendor = options.aliases!.vendors.find((item) => item.id === id);
    return vendor ? [vendor.name] : [];
  });
  return known.length > 0 ? known : [context];
}

function uniqueHits(hits: readonly SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    if (seen.has(hit.passage.id)) return false;
    seen.add(hit.passage.id);
    return true;
  });
}
