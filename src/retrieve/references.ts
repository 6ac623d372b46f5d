/**
 * Passages a question points at by name: the units it cites ("DSL art 36" → `dsl-2021#art-36`) and the best passages
 * of each instrument it names ("what do PIPL and GDPR each require?"). Hybrid search fuses them as extra ranked lists
 * (fusion.ts), so a cited article reaches the top even when BM25 misses it, and a question naming two instruments sees
 * passages of both rather than ten of whichever dominates the full-text list.
 */
import { citedAnchors, findCitations } from '../text/legal-citations.js';
import type { DocumentCatalog } from './document-catalog.js';
import { createFilterPredicate, type FilterableFields } from '../index/filters.js';
import type { SearchFilters } from './types.js';
import type { RankedCandidate } from './fusion.js';

/**
 * Which referenced documents a search may return: every filter applies, except that a vendor filter does not keep
 * out a document about no vendor at all (a law, a standard). Such a document is only reached here because the
 * question names it or the vendor's own passages cite it, which is what makes it concern the vendor.
 */
export function referenceFilter(
  filters: SearchFilters | undefined,
): ((fields: FilterableFields) => boolean) | undefined {
  const full = createFilterPredicate(filters);
  if (!full || !filters?.vendor?.length) return full;
  const withoutVendor = createFilterPredicate({ ...filters, vendor: [] });
  return (fields) => (fields.vendors.length === 0 ? !withoutVendor || withoutVendor(fields) : full(fields));
}

export interface QueryReferences {
  /** Named documents that pass the filters, in order of mention. */
  documents: string[];
  /** Anchors of the cited units, in order of mention. */
  anchors: string[];
}

export function findReferences(
  catalog: DocumentCatalog,
  query: string,
  accepts?: (fields: FilterableFields) => boolean,
): QueryReferences {
  const passes = (documentId: string) => {
    const fields = catalog.fields(documentId);
    return fields !== undefined && (!accepts || accepts(fields));
  };
  return { documents: catalog.namedDocuments(query).filter(passes), anchors: citedAnchors(query) };
}

/**
 * The cited units in the named documents (then in their other language versions); when the question names no
 * document, in the documents of `contextDocuments` (those leading the full-text list), so "Article 48" alone finds
 * Article 48 of the instrument the rest of the question is about.
 */
export function citedPassages(
  catalog: DocumentCatalog,
  references: QueryReferences,
  contextDocuments: string[],
  accepts?: (fields: FilterableFields) => boolean,
): RankedCandidate[] {
  if (references.anchors.length === 0) return [];
  const documents = references.documents.length > 0 ? references.documents : contextDocuments;
  const ids: string[] = [];
  const add = (documentId: string) => {
    const fields = catalog.fields(documentId);
    if (!fields || (accepts && !accepts(fields))) return;
    for (const anchor of references.anchors) {
      for (const id of catalog.units(documentId, anchor)) if (!ids.includes(id)) ids.push(id);
    }
  };
  for (const documentId of documents) add(documentId);
  for (const documentId of documents) for (const translation of catalog.translations(documentId)) add(translation);
  return ids.map((id, index) => ({ id, score: 1 / (index + 1) }));
}

/** Interleaves full-text hits by document (best of each named document first, then the second best, ...). */
export function interleaveByDocument(hits: RankedCandidate[], documents: string[]): RankedCandidate[] {
  const groups = new Map<string, RankedCandidate[]>(documents.map((documentId) => [documentId, []]));
  for (const hit of hits) {
    const documentId = hit.id.slice(0, hit.id.indexOf('#'));
    let group = groups.get(documentId);
    if (!group) groups.set(documentId, (group = []));
    group.push(hit);
  }
  const interleaved: RankedCandidate[] = [];
  for (let round = 0; interleaved.length < hits.length; round += 1) {
    for (const group of groups.values()) if (group[round]) interleaved.push(group[round]!);
  }
  return interleaved;
}

/** How far (in characters, within one sentence) a citation may stand from the document name it belongs to. */
const citationReach = 160;

/**
 * Units that passages cite by instrument and number ("The Data Security Law (2021) Art. 36 ...", "PIPL Art. 41"):
 * each citation belongs to the nearest document name before it in the same sentence. Following them is a second hop:
 * a vendor profile that says which articles reach the vendor leads to those articles.
 */
export function passageCitations(
  catalog: DocumentCatalog,
  texts: string[],
  accepts?: (fields: FilterableFields) => boolean,
): RankedCandidate[] {
  const ids: string[] = [];
  for (const text of texts)
    for (const unit of citedUnits(catalog, text, accepts)) if (!ids.includes(unit)) ids.push(unit);
  return ids.map((id, index) => ({ id, score: 1 / (index + 1) }));
}

/**
 * The units the texts cite, each counted once per text it is cited in, the most cited first (then by first
 * mention): a provision several sources rest on comes before one cited in passing. A unit cited under two names
 * ("National Intelligence Law Art. 7", "NIL Art. 7") is one unit, counted once per text.
 */
export function citationCounts(
  catalog: DocumentCatalog,
  texts: string[],
  accepts?: (fields: FilterableFields) => boolean,
): { id: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const unit of citedUnits(catalog, text, accepts)) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  // Map order is first mention; the sort is stable.
  return [...counts].map(([id, count]) => ({ id, count })).sort((left, right) => right.count - left.count);
}

/** The distinct units one text cites, in order of mention. */
function citedUnits(catalog: DocumentCatalog, text: string, accepts?: (fields: FilterableFields) => boolean): string[] {
  const units: string[] = [];
  const normalized = text.normalize('NFKC');
  const mentions = catalog.mentions(normalized);
  if (mentions.length === 0) return units;
  for (const citation of findCitations(normalized)) {
    let owner: { position: number; documentId: string } | undefined;
    for (const mention of mentions) {
      if (mention.position > citation.position) break;
      owner = mention;
    }
    if (!owner || citation.position - owner.position > citationReach) continue;
    if (/(?:[;!?]|\p{Ll}{3}\.)\s/u.test(normalized.slice(owner.position, citation.position))) continue;
    const fields = catalog.fields(owner.documentId);
    if (!fields || (accepts && !accepts(fields))) continue;
    const unit = catalog.units(owner.documentId, citation.anchor)[0];
    if (unit && !units.includes(unit)) units.push(unit);
  }
  return units;
}
