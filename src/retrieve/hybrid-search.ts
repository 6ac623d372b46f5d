/**
 * Hybrid search carries out a query plan (query-plan.ts, the question read once): the question is searched in full
 * text (BM25, with the names of vendors it mentions added at a lower weight) and by vector at the same time, and the
 * two top-50 lists are fused with weighted reciprocal-rank fusion (fusion.ts). A hybrid search also fuses the
 * passages the question points at (references.ts): units it cites, the best passages of instruments it names, the
 * units cited by its top hits, and for a question naming a vendor that vendor's own best passages and the units they
 * cite. A plan with vendor evidence runs its lists over the vendor's passages beside these and merges them into what
 * is shown (vendor-lists.ts); a list two parts of the plan read is fetched once. Filters apply to every list before
 * ranking (a vendor filter lets referenced vendor-neutral documents through). Full-text hits arrive with their
 * passages; of the rest only the final k hits are fetched. Storage is behind `SearchBackend`, so this module knows
 * nothing about LanceDB. If the embedding model fails, hybrid search answers from full text alone (and says so in
 * `method`).
 */
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import { embed, embedMany } from 'ai';
import type { Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import type { PassageFilters } from '../index/filters.js';
import type { FulltextQuery, RankedCandidate, SearchBackend } from '../index/search-backend.js';
import type { VendorAliases } from './aliases.js';
import { createDocumentCatalog, type DocumentCatalog } from './document-catalog.js';
import {
  feedbackGroups,
  sampleIds,
  termRarityOf,
  weightedFeedbackTerms,
  type FeedbackSettings,
  type TermRarity,
} from './feedback.js';
import { fuseRankings, type FusedCandidate } from './fusion.js';
import { citedPassages, interleaveByDocument, passageCitations, referenceFilter } from './references.js';
import { rememberedList } from './list-memo.js';
import { proximityList, proximityReranked, type ProximitySettings } from './proximity.js';
import { planSearch, type QueryPlan, type VendorSearch } from './query-plan.js';
import { interleaveLists, mergeEvidence, runVendorLists, vendorEvidenceSettings } from './vendor-lists.js';
import type { SearchHit, SearchOptions, SearchResult } from './types.js';

export type { FulltextQuery, SearchBackend } from '../index/search-backend.js';

/** Filters with vendor names already resolved to vendor ids. */
export type ResolvedFilters = PassageFilters;

/** One catalog per backend (an index generation), built on its first search. */
const catalogs = new WeakMap<SearchBackend, DocumentCatalog>();

function catalogOf(backend: SearchBackend): DocumentCatalog | undefined {
  if (!backend.documents || !backend.passageIds) return undefined;
  let catalog = catalogs.get(backend);
  if (!catalog) {
    catalog = createDocumentCatalog([...backend.documents], backend.passageIds);
    catalogs.set(backend, catalog);
  }
  return catalog;
}

/** One rarity estimate per backend, read on the first search that uses feedback. */
const rarities = new WeakMap<SearchBackend, Promise<TermRarity>>();

function rarityOf(backend: SearchBackend, firstList: readonly RankedCandidate[]): Promise<TermRarity> {
  // A bare backend lists no passage ids, and a failed sample is read again next time: the first list stands in.
  const fromFirstList = () => termRarityOf(firstList.flatMap((hit) => (hit.passage ? [hit.passage] : [])));
  let rarity = rarities.get(backend);
  if (!rarity) {
    if (!backend.passageIds) return Promise.resolve(fromFirstList());
    rarity = backend.passages(sampleIds(backend.passageIds)).then((found) => termRarityOf([...found.values()]));
    rarities.set(backend, rarity);
  }
  return rarity.catch(() => {
    rarities.delete(backend);
    return fromFirstList();
  });
}

export interface HybridSearchContext {
  backend: SearchBackend;
  embeddingModel: EmbeddingModelV3;
  aliases?: Pick<VendorAliases, 'resolve' | 'expandQuery'> & Partial<Pick<VendorAliases, 'vendors'>>;
  /** Weight of the vector list in fusion (full text has weight 1); 0 searches full text only. */
  denseWeight: number;
  /** Whether the full-text list of a hybrid search is expanded by pseudo-relevance feedback (`feedbackSettings`). */
  feedback?: boolean;
  /** Whether the full-text list of a hybrid search is re-ranked by term proximity (`proximitySettings`). */
  proximity?: boolean;
  /** How full text and vectors combine; by default `fusionSettings.mode`. */
  fusionMode?: 'rrf' | 'convex';
  maxRetries?: number;
}

/** Candidates fetched from each list before fusion, whatever k is. */
export { candidatesPerList, defaultK, maxK, resolveFilters } from './query-plan.js';

/**
 * Weights and depths of the reference lists (references.ts), fused with full text (weight 1) and vectors. Tuned on the
 * even-numbered half of the golden questions (hybrid recall@10 0.794 there without references, 0.905 with): cited
 * units at weight 2 put a cited article first (1 left translations out of the top 10); passages of named documents at
 * 0.25 (1 and 2 crowded out other evidence); citations in the top 3 hits followed at weight 1 (0.5 lost recall, 1.3
 * and deeper lists cost MRR for no recall). Capping passages per document and searching the parts of a compound
 * question separately both lowered recall and were dropped.
 * Later, with the vendor lists in place, following a vendor profile's `laws` unit again (its citations already come
 * in as `vendorCited`) put seven statutes ahead of the news that "what happened with the TikTok ban after the Supreme
 * Court ruled?" asks for; leaving it out of the followed hits raised held-out recall@10 from 0.857 to 0.872 with the
 * tune half unchanged (0.924), and the follow weight then measured on the tune half: 0.924 at 1, 0.932 at 0.8 to 0.9,
 * 0.928 at 0.75, 0.919 at 0.7, 0.914 at 0.5 (held-out 0.872 from 0.8 up, 0.852 at 0.7 and below).
 */
export const referenceSettings = {
  citedWeight: 2,
  namedWeight: 0.25,
  /** Full-text hits fetched from the named documents. */
  namedLimit: 20,
  /** Documents leading the full-text list that a bare citation ("Article 48") is looked up in. */
  contextDocuments: 3,
  followWeight: 0.8,
  /** Hits whose citations are followed (a vendor profile's anchor units aside, whose citations are `vendorCited`). */
  followDepth: 3,
  /**
   * For a question naming a vendor: the vendor's own best passages (profile and tagged news) with its profile's
   * `laws` unit, and the legal units they cite, so "Can Beijing force Alibaba to hand over our data?" reaches the
   * profile's laws and the National Intelligence Law article that no full-text or vector hit shares words with.
   * Measured on the even-numbered golden half (recall@10 0.910 before): vendor passages at 1 and their citations at
   * 0.25 gave 0.924 (0.15 the same; 0.5 and 1 cost recall@5 and MRR, 2 lost recall); 2 passages per vendor instead
   * of 3 lost recall (0.884), the profile's laws alone without the vendor's passages too (0.875).
   */
  vendorWeight: 1,
  vendorCitedWeight: 0.25,
  /** Full-text hits taken from each named vendor's own passages. */
  vendorLimit: 3,
  /** Units of the vendor's profile always taken (docs/corpus-format.md: `laws` lists the laws that reach it). */
  profileAnchors: ['laws'] as string[],
  /** Vendors of one question whose passages are searched. */
  maxVendors: 2,
};

/**
 * How the full-text and vector lists are combined (fusion.ts). Convex fusion of scores against weighted RRF, both at
 * the local dense weight 0.1 (evals/ablation.ts, paired 95% intervals): MAP@10 +0.007 (+0.003..+0.011) on ObliQA dev
 * and +0.025 (+0.001..+0.055) on the outside questions, golden recall@10 −0.001 (−0.014..+0.013) and MAP@10 −0.011
 * (−0.030..+0.008); at 0.3 and 0.5 it lost recall on the golden set and ObliQA. With the lists over a vendor's
 * passages fused by rank whatever this says (vendor-lists.ts), the vendor answers keep their evidence, but the
 * answers do not follow the retrieval gain: on the outside questions (with the heading path weighted 0.1 on its own,
 * README) status accuracy fell
 * from 0.850 to 0.813, false refusals rose from 0.108 to 0.154 and the expected passage was cited in 0.785 of
 * answers instead of 0.862. So ranks it stays.
 */
export const fusionSettings: { mode: 'rrf' | 'convex' } = { mode: 'rrf' };

/**
 * Pseudo-relevance feedback on the full-text list of a hybrid search (feedback.ts), used when the config turns it on
 * (SEARCH_FEEDBACK); a full-text search stays plain BM25, the baseline the planned search is measured against.
 * Chosen on the tuning halves (the first half of the ObliQA dev questions and the golden tuning half) by the mean
 * change of recall@10 and MAP@10 over the two, among settings that lost significantly on neither (README, "On a
 * corpus we did not write"): 3 passages, 10 words at 0.05, replacing the first list. More weight, more passages or
 * per-word weights cost MAP@10 on ObliQA; fusing the expanded list beside the first cost golden recall@10.
 */
export const feedbackSettings: FeedbackSettings = {
  documents: 3,
  terms: 10,
  weight: 0.05,
  combine: 'replace',
  listWeight: 1,
  termWeights: 'equal',
};

/**
 * Term proximity on the full-text list of a hybrid search (proximity.ts), used when the config turns it on
 * (SEARCH_PROXIMITY): BM25 over the list's best plus `weight` times the rarity-weighted share of the question's
 * neighbouring word pairs found within `window` words (`rarity: false` counts every pair alike; `combine: 'fuse'`
 * fuses the proximity order as a list of its own at `weight` instead). Chosen on the tuning halves as feedback was
 * (README, "On a corpus we did not write"): weight 0.2, window 5. It wins MAP@10 on ObliQA and nowhere else, so it is
 * off by default; fused as a list of its own it won more on ObliQA and cost the golden set recall@10.
 */
export const proximitySettings: ProximitySettings & { rarity: boolean; combine: 'rerank' | 'fuse' } = {
  weight: 0.2,
  window: 5,
  rarity: true,
  combine: 'rerank',
};

export async function hybridSearch(
  context: HybridSearchContext,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const started = performance.now();
  const catalog = catalogOf(context.backend);
  const plan = planSearch(query, options, {
    aliases: context.aliases,
    catalog,
    denseWeight: context.denseWeight,
    settings: referenceSettings,
    evidenceVendors: vendorEvidenceSettings.maxVendors,
  });
  return runPlan(context, plan, catalog, started);
}

/** Carries out a plan: the lists it names, fetched at once where they do not depend on each other, then fused. */
async function runPlan(
  context: HybridSearchContext,
  plan: QueryPlan,
  indexCatalog: DocumentCatalog | undefined,
  started: number,
): Promise<SearchResult> {
  const { query: trimmed, k, requested, method, filters, accepts, limit, references } = plan;
  const fulltextQuery = plan.fulltext;
  const expandedQuery = plan.expandedQuery;
  const timings: SearchResult['timings'] = { totalMs: 0 };
  // Only a hybrid plan reads the catalog: full-text and vector searches stay single lists.
  const catalog = references ? indexCatalog : undefined;
  /** The expanded full-text list when feedback fuses it beside the first. */
  let feedbackHits: RankedCandidate[] = [];
  /** The full-text hits by term proximity when proximity is fused as a list of its own. */
  let proximityHits: RankedCandidate[] = [];
  const runFulltext = async () => {
    if (method === 'vector') return [];
    const start = performance.now();
    const hits = await context.backend.fulltext(fulltextQuery, filters, limit);
    const expansionTerms =
      context.feedback && requested === 'hybrid' && hits.length > feedbackSettings.documents
        ? weightedFeedbackTerms(trimmed, hits, feedbackSettings, await rarityOf(context.backend, hits))
        : [];
    let list = hits;
    if (expansionTerms.length > 0) {
      const expanded = await context.backend.fulltext(
        { ...fulltextQuery, feedback: feedbackGroups(expansionTerms, feedbackSettings) },
        filters,
        limit,
      );
      if (feedbackSettings.combine === 'fuse') feedbackHits = expanded;
      else list = expanded;
    }
    if (context.proximity && requested === 'hybrid' && proximitySettings.weight > 0 && list.length > 1) {
      const rarity = proximitySettings.rarity ? await rarityOf(context.backend, hits) : undefined;
      if (proximitySettings.combine === 'fuse') proximityHits = proximityList(trimmed, list, proximitySettings, rarity);
      else list = proximityReranked(trimmed, list, proximitySettings, rarity);
    }
    timings.fulltextMs = round(performance.now() - start);
    return list;
  };

  let vectorFailed = false;
  const embedFailed = (error: unknown): undefined => {
    // Hybrid search degrades to full text when the embedding model is unavailable; a vector search cannot.
    if (method === 'hybrid') {
      vectorFailed = true;
      return undefined;
    }
    throw new AppError('model_error', `embedding the query failed: ${(error as Error).message}`, { cause: error });
  };
  const embedStart = performance.now();
  // The question as asked, not the alias-expanded query: measured on the golden questions, embedding the expansion
  // lowered vector recall@5 from 0.37 to 0.29 (GloVe) and from 0.57 to 0.49 (hashing).
  const queryVector: Promise<number[] | undefined> =
    method === 'fulltext'
      ? Promise.resolve(undefined)
      : embed({ model: context.embeddingModel, value: trimmed, maxRetries: context.maxRetries }).then(
          ({ embedding }) => ((timings.embedMs = round(performance.now() - embedStart)), embedding),
          embedFailed,
        );
  const runVector = async (): Promise<RankedCandidate[]> => {
    const vector = await queryVector;
    if (!vector) return [];
    const start = performance.now();
    const candidates = await context.backend.vector(vector, filters, limit);
    timings.vectorMs = round(performance.now() - start);
    return candidates;
  };

  const runNamed = async (): Promise<RankedCandidate[]> => {
    if (!references || references.documents.length === 0 || referenceSettings.namedWeight <= 0) return [];
    const hits = await context.backend.fulltext(
      fulltextQuery,
      { ...filters, vendor: [], documentId: references.documents },
      referenceSettings.namedLimit,
    );
    return interleaveByDocument(hits, references.documents);
  };

  // A list over one vendor's passages is fetched once however many parts of the plan read it (the vendor list of
  // the general search and the question's own list in the vendor evidence).
  const vendorFulltext = new Map<string, Promise<RankedCandidate[]>>();
  const vendorListLimit = plan.evidence ? limit : referenceSettings.vendorLimit;
  const fulltextOver = (query: typeof fulltextQuery, listFilters: PassageFilters) => {
    const key = JSON.stringify([query, listFilters]);
    let list = vendorFulltext.get(key);
    if (!list) {
      list = context.backend.fulltext(query, overVendorDocuments(listFilters), vendorListLimit);
      vendorFulltext.set(key, list);
    }
    return list;
  };
  /**
   * A filter to one vendor also names that vendor's documents (vendor tags are per document): the index finds them
   * through its document id index instead of testing every row's vendor list, which cost milliseconds per list at
   * 100k passages.
   */
  const overVendorDocuments = (listFilters: PassageFilters): PassageFilters => {
    if (!catalog || listFilters.vendor?.length !== 1) return listFilters;
    const documents = catalog.vendorDocuments(listFilters.vendor[0]!);
    const documentId = listFilters.documentId?.length
      ? documents.filter((id) => listFilters.documentId!.includes(id))
      : documents;
    // No document of the vendor passes: an empty id list would mean no filter, so the vendor filter stays alone.
    return documentId.length > 0 ? { ...listFilters, documentId } : listFilters;
  };
  /** Each vendor's profile anchor units (`laws`), fetched once. */
  const profiles = new Map<string, Promise<RankedCandidate[]>>();
  const profileUnitsOf = (vendorId: string): Promise<RankedCandidate[]> => {
    let units = profiles.get(vendorId);
    if (!units) {
      const ids = catalog!
        .vendorProfiles(vendorId)
        .flatMap((documentId) =>
          referenceSettings.profileAnchors.flatMap((anchor) => catalog!.units(documentId, anchor).slice(0, 1)),
        );
      units = (ids.length > 0 ? context.backend.passages(ids) : Promise.resolve(new Map<string, Passage>())).then(
        (found) => ids.flatMap((id) => (found.has(id) ? [{ id, score: 1, passage: found.get(id)! }] : [])),
      );
      profiles.set(vendorId, units);
    }
    return units;
  };
  const passesFilters = (unit: RankedCandidate, accepted: typeof accepts) =>
    !accepted || accepted(catalog!.fields(unit.passage!.documentId)!);

  /** The vendor's own best passages, led by its profile's anchor units (ids kept in `profileUnitIds`). */
  const profileUnitIds = new Set<string>();
  const runVendors = async (): Promise<RankedCandidate[]> => {
    const { vendorIds } = plan;
    if (!catalog || vendorIds.length === 0) return [];
    if (referenceSettings.vendorWeight <= 0 && referenceSettings.vendorCitedWeight <= 0) return [];
    const [profileLists, ...lists] = await Promise.all([
      Promise.all(vendorIds.map(profileUnitsOf)),
      ...(referenceSettings.vendorLimit > 0
        ? vendorIds.map((id) =>
            fulltextOver(fulltextQuery, { ...filters, vendor: [id] }).then((hits) =>
              hits.slice(0, referenceSettings.vendorLimit),
            ),
          )
        : []),
    ]);
    const profileHits = profileLists.flat().filter((unit) => passesFilters(unit, accepts));
    for (const unit of profileHits) profileUnitIds.add(unit.id);
    return interleaveLists([profileHits, ...lists]);
  };

  /** The vendor evidence's lists, run beside the general ones. */
  const runEvidence = async () => {
    const evidence = plan.evidence;
    if (!evidence || !catalog) return [];
    const facetQueries = [
      ...new Set(evidence.vendors.flatMap((vendor) => vendor.searches.slice(1).map((search) => search.query))),
    ];
    // Embedded together when the first list that is not kept from an earlier search needs one.
    let facetVectors: Promise<Map<string, number[]> | undefined> | undefined;
    const embedFacets = (): Promise<Map<string, number[]> | undefined> =>
      method === 'fulltext' || plan.vectorWeight <= 0 || facetQueries.length === 0
        ? Promise.resolve(new Map())
        : embedMany({ model: context.embeddingModel, values: facetQueries, maxRetries: context.maxRetries }).then(
            ({ embeddings }) => new Map(facetQueries.map((query, index) => [query, embeddings[index]!])),
            () => undefined,
          );
    /** The search's vector; null when its query is not embedded, undefined when the embedding model failed. */
    const vectorOf = async (search: VendorSearch): Promise<number[] | null | undefined> => {
      if (search.query === trimmed) return plan.vectorWeight > 0 ? ((await queryVector) ?? undefined) : null;
      const vectors = await (facetVectors ??= embedFacets());
      return vectors ? (vectors.get(search.query) ?? null) : undefined;
    };
    return runVendorLists(evidence, {
      fulltext: (search) => fulltextOver(search.fulltext, search.filters),
      vector: async (search) => {
        const vector = await vectorOf(search);
        return vector ? context.backend.vector(vector, search.filters, limit) : vector === null ? [] : undefined;
      },
      passages: (ids) => context.backend.passages(ids),
      profileUnits: async (vendorId, search) => {
        const accepted = referenceFilter(search.filters);
        return (await profileUnitsOf(vendorId)).filter((unit) => passesFilters(unit, accepted));
      },
      vectorWeight: plan.vectorWeight,
      // By rank whatever the general fusion: a vendor list is led by its profile units, weighted on the rank scale,
      // and convex scores shrank the full-text hits below the first against them (the DPC fine fell out of the
      // TikTok answer's evidence).
      mode: 'rrf',
      vendorWeight: referenceSettings.vendorWeight,
      vendorLimit: referenceSettings.vendorLimit,
      remembered: (key, compute) => rememberedList(context.backend, key, compute),
    });
  };
  const evidenceLists = runEvidence();
  // Awaited once the general hits are in; a failure meanwhile is not an unhandled rejection.
  evidenceLists.catch(() => {});

  const [fulltextHits, vectorHits, namedHits, vendorHits] = await Promise.all([
    runFulltext(),
    runVector(),
    runNamed(),
    runVendors(),
  ]);
  const cited =
    catalog && references
      ? citedPassages(catalog, references, leadingDocuments(fulltextHits, referenceSettings.contextDocuments), accepts)
      : [];
  const vendorCited =
    catalog && vendorHits.length > 0
      ? passageCitations(
          catalog,
          vendorHits.flatMap((hit) => hit.passage?.text ?? []),
          accepts,
        )
      : [];
  const fuse = (followed: RankedCandidate[]) =>
    fuseRankings(fulltextHits, vectorHits, {
      fulltextWeight: 1,
      vectorWeight: plan.vectorWeight,
      mode: context.fusionMode ?? fusionSettings.mode,
      references: [
        { candidates: cited, weight: referenceSettings.citedWeight },
        { candidates: namedHits, weight: referenceSettings.namedWeight },
        { candidates: followed, weight: referenceSettings.followWeight },
        { candidates: vendorHits, weight: referenceSettings.vendorWeight },
        { candidates: vendorCited, weight: referenceSettings.vendorCitedWeight },
        { candidates: feedbackHits, weight: feedbackSettings.listWeight },
        { candidates: proximityHits, weight: proximitySettings.weight },
      ],
    }).slice(0, k);
  let fused: FusedCandidate[] = fuse([]);

  const fetchStart = performance.now();
  // Full-text hits come with their passages; only what fusion adds from the other lists is fetched.
  const passages = new Map<string, Passage>();
  for (const hit of [...fulltextHits, ...feedbackHits, ...namedHits, ...vendorHits])
    if (hit.passage) passages.set(hit.id, hit.passage);
  const unfetched = fused.map((candidate) => candidate.id).filter((id) => !passages.has(id));
  if (unfetched.length > 0)
    for (const [id, passage] of await context.backend.passages(unfetched)) passages.set(id, passage);
  if (catalog && referenceSettings.followWeight > 0) {
    // A profile's anchor unit is not followed again: its citations are already fused as `vendorCited`.
    const leading = fused
      .filter((candidate) => !profileUnitIds.has(candidate.id))
      .slice(0, referenceSettings.followDepth)
      .flatMap((candidate) => passages.get(candidate.id)?.text ?? []);
    const followed = passageCitations(catalog, leading, accepts);
    if (followed.length > 0) {
      fused = fuse(followed);
      const missing = fused.map((candidate) => candidate.id).filter((id) => !passages.has(id));
      if (missing.length > 0)
        for (const [id, passage] of await context.backend.passages(missing)) passages.set(id, passage);
    }
  }
  timings.fetchMs = round(performance.now() - fetchStart);

  const hits: SearchHit[] = [];
  for (const candidate of fused) {
    const passage = passages.get(candidate.id);
    if (!passage) continue;
    hits.push({
      passage,
      score: candidate.score,
      rank: hits.length + 1,
      ...(candidate.fulltextRank === undefined ? {} : { fulltextRank: candidate.fulltextRank }),
      ...(candidate.vectorRank === undefined ? {} : { vectorRank: candidate.vectorRank }),
      ...(candidate.fulltextScore === undefined ? {} : { fulltextScore: candidate.fulltextScore }),
      ...(candidate.vectorScore === undefined ? {} : { vectorScore: candidate.vectorScore }),
    });
  }
  const evidence =
    plan.evidence && catalog
      ? await mergeEvidence(hits, await evidenceLists, plan.evidence, {
          k,
          catalog,
          accepts,
          passages: (ids) => context.backend.passages(ids),
        })
      : undefined;
  timings.totalMs = round(performance.now() - started);
  return {
    query: trimmed,
    expandedQuery,
    method: vectorFailed ? 'fulltext' : method,
    hits,
    ...(evidence ? { evidence } : {}),
    timings,
  };
}

function leadingDocuments(hits: RankedCandidate[], count: number): string[] {
  const documents: string[] = [];
  for (const hit of hits) {
    if (documents.length >= count) break;
    const documentId = hit.id.slice(0, hit.id.indexOf('#'));
    if (!documents.includes(documentId)) documents.push(documentId);
  }
  return documents;
}

const round = (milliseconds: number) => Math.round(milliseconds * 100) / 100;
