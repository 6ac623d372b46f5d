/**
 * The evidence shown to the model. Most questions get the general search alone. A question that names a vendor also
 * gets the vendor's own evidence and the primary law behind it, because one search on the question's words misses
 * what matters most for vendor risk: "Is Alibaba Cloud a security risk?" shares few words with the profile passage
 * on the laws that reach the vendor, with a news report of an intelligence memo, or with the articles of the
 * National Intelligence Law. So, beside the general search:
 * 1. vendor searches, filtered to the vendor (its profile and the news tagged with it): the question itself, and one
 *    search per part of a diligence answer (the legal exposure, reported events, counterpoints and limits,
 *    questions to ask);
 * 2. the provisions those vendor passages cite ("National Intelligence Law Art. 7"), each looked up by a targeted
 *    search for its primary-law passage (`nil-2017#art-7`);
 * 3. a merge with a quota per source and without duplicates, bounded in size, in an order that puts the best
 *    general matches first, then the vendor's evidence, then the law, then the rest of the general search.
 * The evidence check still reads the general search alone, so the decision to answer does not change.
 */
import type { DocumentType, Passage } from '../corpus/types.js';
import type { VendorAliases } from '../retrieve/aliases.js';
import type { Retriever, SearchFilters, SearchHit } from '../retrieve/types.js';
import { findLegalReferences, type LegalReference } from '../text/legal-citations.js';

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
}

export const vendorEvidenceSettings = {
  /** Most passages shown for a vendor question (a plain question shows the general search's k). */
  maxPassages: 16,
  /** General hits placed before the vendor's evidence. */
  leadingGeneral: 4,
  /** Vendor passages (profile and tagged news) not already among the general hits. */
  vendorQuota: 6,
  /** Primary-law passages for provisions the vendor passages cite. */
  lawQuota: 4,
  /** Vendors of one question that get their own searches. */
  maxVendors: 2,
  /** Depth of each vendor search. */
  vendorSearchK: 6,
  /** Depth of each targeted provision search; the first hit that is the cited unit is taken. */
  provisionSearchK: 3,
  /** Provisions looked up, most cited first. */
  maxProvisionLookups: 5,
};

/**
 * One query per part of a diligence answer that the question's own words rarely reach. Words, not ids: the passages
 * they should find are named in the corpus format (the profile's laws and counterpoints, news of allegations).
 */
const facetQueries: { query: (name: string) => string; type?: DocumentType[] }[] = [
  { query: (name) => `${name} subject to laws State government access to customer data intelligence cooperation` },
  { query: (name) => `${name} reported alleged allegations memo review investigation ban fine`, type: ['news'] },
  { query: (name) => `${name} counterpoints denied certifications data location regions` },
  { query: (name) => `questions to ask ${name}`, type: ['vendor'] },
];

export async function gatherEvidence(
  retriever: Retriever,
  question: string,
  options: GatherOptions,
): Promise<GatheredEvidence> {
  const vendors = namedVendors(question, options);
  const contextVendors = contextVendorNames(options);
  const generalSearch = retriever.search(question, { k: options.k, filters: options.filters });
  if (vendors.length === 0) {
    const general = uniqueHits((await generalSearch).hits);
    return { general, shown: general, vendorIds: [], contextVendors };
  }

  const settings = vendorEvidenceSettings;
  const vendorSearches = vendors.flatMap((vendor) => {
    const filters: SearchFilters = { ...options.filters, vendor: [vendor.id] };
    const searches = [
      { query: question },
      ...facetQueries.map((facet) => ({ ...facet, query: facet.query(vendor.name) })),
    ];
    return searches.map(({ query, type }) =>
      retriever
        .search(query, { k: settings.vendorSearchK, filters: type ? { ...filters, type } : filters })
        .then((result) => result.hits.filter((hit) => hit.passage.vendors.includes(vendor.id))),
    );
  });
  const [generalResult, ...vendorLists] = await Promise.all([generalSearch, ...vendorSearches]);
  const general = uniqueHits(generalResult!.hits);

  const taken = new Set<string>();
  const leading = takeFrom([general], settings.leadingGeneral, taken);
  const vendorHits = takeFrom(vendorLists, settings.vendorQuota, taken);

  // The provisions the vendor's passages cite, most cited first: those are what the vendor's exposure rests on.
  const vendorIds = new Set(vendors.map((vendor) => vendor.id));
  const citing = [...leading, ...vendorHits, ...general].filter((hit) =>
    hit.passage.vendors.some((vendor) => vendorIds.has(vendor)),
  );
  const references = countReferences(citing.map((hit) => hit.passage)).slice(0, settings.maxProvisionLookups);
  const units = await Promise.all(
    references.map(async ({ reference }) => {
      const result = await retriever.search(`${reference.instrument} ${reference.provision}`, {
        k: settings.provisionSearchK,
      });
      return citedUnit(result.hits, reference);
    }),
  );
  // Two citations may still lead to one unit ("PRC National Intelligence Law", "NIL"): their counts add up.
  const byUnit = new Map<string, { hit: SearchHit; count: number; first: number }>();
  units.forEach((unit, index) => {
    if (!unit || unit.passage.vendors.length > 0) return;
    const entry = byUnit.get(unit.passage.id);
    if (entry) entry.count += references[index]!.count;
    else byUnit.set(unit.passage.id, { hit: unit, count: references[index]!.count, first: index });
  });
  const lawOrder = [...byUnit.values()].sort((left, right) => right.count - left.count || left.first - right.first);
  const lawHits = takeFrom([lawOrder.map((entry) => entry.hit)], settings.lawQuota, taken);

  const limit = Math.max(settings.maxPassages, options.k);
  const rest = takeFrom([general], limit - leading.length - vendorHits.length - lawHits.length, taken);
  const shown = [...leading, ...vendorHits, ...lawHits, ...rest].map((hit, index) => ({ ...hit, rank: index + 1 }));
  return { general, shown, vendorIds: vendors.map((vendor) => vendor.id), contextVendors };
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

function namedVendors(question: string, options: GatherOptions): { id: string; name: string }[] {
  if (!options.aliases) return [];
  const context = options.vendorContext ? options.aliases.expandQuery(options.vendorContext).vendorIds : [];
  const vendorIds = [...new Set([...context, ...options.aliases.expandQuery(question).vendorIds])];
  return vendorIds.slice(0, vendorEvidenceSettings.maxVendors).flatMap((id) => {
    const vendor = options.aliases!.vendors.find((item) => item.id === id);
    return vendor ? [{ id, name: vendor.name }] : [];
  });
}

/**
 * Takes up to `quota` hits not taken yet, round-robin over the lists (each list's best remaining hit in turn), and
 * marks them taken.
 */
function takeFrom(lists: readonly SearchHit[][], quota: number, taken: Set<string>): SearchHit[] {
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

/** References counted over the passages (a provision several sources cite comes first), then by first mention. */
function countReferences(passages: readonly Passage[]): { reference: LegalReference; count: number }[] {
  const counted = new Map<string, { reference: LegalReference; count: number; first: number }>();
  const seenPassages = new Set<string>();
  for (const passage of passages) {
    if (seenPassages.has(passage.id)) continue;
    seenPassages.add(passage.id);
    for (const reference of findLegalReferences(passage.text)) {
      const key = `${abbreviate(reference.instrument)}|${reference.anchor}`;
      const entry = counted.get(key);
      if (entry) entry.count++;
      else counted.set(key, { reference, count: 1, first: counted.size });
    }
  }
  return [...counted.values()].sort((left, right) => right.count - left.count || left.first - right.first);
}

/**
 * One key for a law's name and its abbreviation ("National Intelligence Law", "NIL"; "Counter-Espionage Law", "CEL"),
 * so a provision cited under both is counted, and looked up, once.
 */
function abbreviate(instrument: string): string {
  const words = instrument.split(/[\s-]+/).filter((word) => /^\p{Lu}/u.test(word));
  if (words.length === 1) return words[0]!.toLowerCase();
  return words
    .map((word) => word[0])
    .join('')
    .toLowerCase();
}

/** The hit that is the cited unit itself (`#art-7`, or a later part `#art-7-p2`), preferring English text. */
function citedUnit(hits: readonly SearchHit[], reference: LegalReference): SearchHit | undefined {
  const pattern = new RegExp(`#${reference.anchor}(?:-p\\d+)?$`);
  const units = hits.filter((hit) => pattern.test(hit.passage.id));
  return units.find((hit) => hit.passage.language === 'en') ?? units[0];
}

function uniqueHits(hits: readonly SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    if (seen.has(hit.passage.id)) return false;
    seen.add(hit.passage.id);
    return true;
  });
}
