/**
 * The evidence a question about a vendor needs beyond its own words, gathered inside the planned search. One search
 * on the question's words misses what matters most for vendor risk: "Is Globex Cloud a security risk?" shares few
 * words with the profile passage on the laws that reach the vendor, with a news report of an intelligence memo, or
 * with the articles of the National Intelligence Law. So, beside the general lists (query-plan.ts plans them all up
 * front):
 * 1. ranked lists over each vendor's own passages (its profile and the news tagged with it): the question, and one
 *    list per part of a vendor answer (the facets the caller gives), each full text and vector fused, led by the
 *    vendor's profile units when its query names the vendor, as a search for it would be;
 * 2. the units those vendor passages cite, resolved through the document catalog (a unit cited under two names is
 *    one unit, looked up once), the most cited first;
 * 3. a merge with a quota per source and without duplicates, bounded in size, in an order that puts the best
 *    general matches first, then the vendor's evidence, then the law, then the rest of the general search.
 * The general ranking itself is not changed by any of it.
 */
import type { Passage } from '../corpus/types.js';
import type { FilterableFields } from '../index/filters.js';
import type { RankedCandidate } from '../index/search-backend.js';
import type { DocumentCatalog } from './document-catalog.js';
import { fuseRankings } from './fusion.js';
import type { EvidencePlan, VendorSearch } from './query-plan.js';
import { citationCounts } from './references.js';
import type { SearchEvidence, SearchHit } from './types.js';

export const vendorEvidenceSettings = {
  /** Most passages shown for a vendor question (a plain question shows the general search's k). */
  maxPassages: 16,
  /** General hits placed before the vendor's evidence. */
  leadingGeneral: 4,
  /** Vendor passages (profile and tagged news) not already among the general hits. */
  vendorQuota: 6,
  /** Primary-law passages for provisions the vendor passages cite. */
  lawQuota: 4,
  /** Vendors of one question whose evidence is gathered. */
  maxVendors: 2,
  /** Depth of each list over a vendor's passages. */
  vendorSearchK: 6,
  /** Cited units considered, most cited first. */
  maxProvisionLookups: 5,
};

/** What running the vendor lists needs from the search that plans them. */
export interface VendorListSources {
  /** A full-text list (its passages included); the same query and filters are fetched once per search. */
  fulltext(search: VendorSearch): Promise<RankedCandidate[]>;
  /** A vector list for an embedded query, [] when it has no vector, undefined when the embedding model failed. */
  vector(search: VendorSearch): Promise<RankedCandidate[] | undefined>;
  passages(ids: string[]): Promise<Map<string, Passage>>;
  /** The vendor's profile units that lead a list (passages included), for searches whose query names it. */
  profileUnits(vendorId: string, search: VendorSearch): Promise<RankedCandidate[]>;
  vectorWeight: number;
  mode: 'rrf' | 'convex';
  /** Weight of the profile-led list against full text (1), and how many full-text hits join it. */
  vendorWeight: number;
  vendorLimit: number;
  /** A list kept from an earlier search for a question-free search (list-memo.ts), else the one `compute` makes. */
  remembered?: (
    key: string,
    compute: () => Promise<{ list: readonly RankedCandidate[]; whole: boolean }>,
  ) => Promise<readonly RankedCandidate[]>;
}

/** Each vendor's lists, best first, every hit a passage tagged with that vendor. */
export async function runVendorLists(plan: EvidencePlan, sources: VendorListSources): Promise<SearchHit[][]> {
  const listOf = async (vendorId: string, search: VendorSearch) => {
    if (!search.questionFree || !sources.remembered) return (await vendorList(vendorId, search, sources)).list;
    const { vectorWeight, mode, vendorWeight, vendorLimit } = sources;
    const key = JSON.stringify([vendorId, search, vectorWeight, mode, vendorWeight, vendorLimit]);
    return sources.remembered(key, () => vendorList(vendorId, search, sources));
  };
  const lists = await Promise.all(
    plan.vendors.flatMap((vendor) => vendor.searches.map((search) => listOf(vendor.id, search))),
  );
  const unfetched = [...new Set(lists.flat().flatMap((candidate) => (candidate.passage ? [] : [candidate.id])))];
  const fetched = unfetched.length > 0 ? await sources.passages(unfetched) : new Map<string, Passage>();
  let index = 0;
  return plan.vendors.flatMap((vendor) =>
    vendor.searches.map(() =>
      lists[index++]!.flatMap((candidate, rank) => {
        const passage = candidate.passage ?? fetched.get(candidate.id);
        if (!passage || !passage.vendors.includes(vendor.id)) return [];
        return [{ passage, score: candidate.score, rank: rank + 1 }];
      }),
    ),
  );
}

/** One list over a vendor's passages; `whole` is false when its vector list could not be had. */
async function vendorList(
  vendorId: string,
  search: VendorSearch,
  sources: VendorListSources,
): Promise<{ list: RankedCandidate[]; whole: boolean }> {
  const [fulltext, vectorList, profile] = await Promise.all([
    sources.fulltext(search),
    sources.vector(search),
    search.profileLed && sources.vendorWeight > 0 ? sources.profileUnits(vendorId, search) : [],
  ]);
  const vector = vectorList ?? [];
  const led = profile.length > 0 ? interleaveLists([profile, fulltext.slice(0, sources.vendorLimit)]) : [];
  const byId = new Map<string, RankedCandidate>([...vector, ...profile, ...fulltext].map((hit) => [hit.id, hit]));
  const list = fuseRankings(fulltext, vector, {
    vectorWeight: sources.vectorWeight,
    mode: sources.mode,
    references: [{ candidates: led, weight: sources.vendorWeight }],
  })
    .slice(0, vendorEvidenceSettings.vendorSearchK)
    .map((candidate) => ({ ...byId.get(candidate.id)!, score: candidate.score }));
  return { list, whole: vectorList !== undefined };
}

/** The best hit of each list, then the second best of each, ... */
export function interleaveLists(lists: RankedCandidate[][]): RankedCandidate[] {
  const interleaved: RankedCandidate[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let index = 0; index < longest; index += 1) {
    for (const list of lists) if (list[index]) interleaved.push(list[index]!);
  }
  return interleaved;
}

/**
 * Merges the general hits, the vendor lists and the law their passages cite into what is shown. `passages` fetches
 * the cited units (one fetch for all of them).
 */
export async function mergeEvidence(
  general: readonly SearchHit[],
  vendorLists: readonly SearchHit[][],
  plan: EvidencePlan,
  options: {
    k: number;
    catalog: DocumentCatalog;
    accepts?: (fields: FilterableFields) => boolean;
    passages(ids: string[]): Promise<Map<string, Passage>>;
  },
): Promise<SearchEvidence> {
  const settings = vendorEvidenceSettings;
  const taken = new Set<string>();
  const leading = takeFrom([general], settings.leadingGeneral, taken);
  const vendorHits = takeFrom(vendorLists, settings.vendorQuota, taken);

  // The provisions the vendor's passages cite, most cited first: those are what the vendor's exposure rests on.
  const vendorIds = new Set(plan.vendors.map((vendor) => vendor.id));
  const citing = new Map<string, Passage>();
  for (const hit of [...leading, ...vendorHits, ...general]) {
    if (hit.passage.vendors.some((vendor) => vendorIds.has(vendor))) citing.set(hit.passage.id, hit.passage);
  }
  const units = citationCounts(
    options.catalog,
    [...citing.values()].map((passage) => passage.text),
    options.accepts,
  ).slice(0, settings.maxProvisionLookups);
  const known = new Map(general.map((hit) => [hit.passage.id, hit.passage]));
  const missing = units.map((unit) => unit.id).filter((id) => !known.has(id));
  const fetched = missing.length > 0 ? await options.passages(missing) : new Map<string, Passage>();
  // Primary law only: a unit of a vendor's own document is vendor evidence, already weighed above.
  const lawOrder = units.flatMap(({ id }) => {
    const passage = known.get(id) ?? fetched.get(id);
    return passage && passage.vendors.length === 0 ? [{ passage, score: 0, rank: 0 }] : [];
  });
  const lawHits = takeFrom([lawOrder], settings.lawQuota, taken);

  const limit = Math.max(settings.maxPassages, options.k);
  const rest = takeFrom([general], limit - leading.length - vendorHits.length - lawHits.length, taken);
  const shown = [...leading, ...vendorHits, ...lawHits, ...rest].map((hit, index) => ({ ...hit, rank: index + 1 }));
  return { shown, vendorIds: plan.vendors.map((vendor) => vendor.id) };
}

/**
 * Takes up to `quota` hits not taken yet, round-robin over the lists (each list's best remaining hit in turn), and
 * marks them taken.
 */
function takeFrom(lists: readonly (readonly SearchHit[])[], quota: number, taken: Set<string>): SearchHit[] {
  const chosen: SearchHit[] = [];
  const cursors = lists.map(() => 0);
  let progressed = true;
  while (chosen.length < quota && progressed) {
    progressed = false;
    lists.forEach((list, index) => {
      if (chosen.length >= quota) return;
      while (cursors[index]! < list.length && taken.has(list[cursors[index]!]!.passage.id)) cursors[index]!++;
      const hit = list[cursors[index]!];
      if (!hit) return;
      cursors[index]!++;
      taken.add(hit.passage.id);
      chosen.push(hit);
      progressed = true;
    });
  }
  return chosen;
}
