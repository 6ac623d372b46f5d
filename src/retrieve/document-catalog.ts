/**
 * What search knows about the indexed documents beyond their passages' text: the names a question may call a
 * document by ("GDPR", "the CLOUD Act", "Data Security Law", "NIS2") and the citable units each document has, by
 * anchor. With it a question that names an instrument ("DSL art 36", "what do PIPL and GDPR each require?") can be
 * pointed at that instrument's passages, which BM25 alone misses when the instrument's short name is also sprinkled
 * over dozens of other documents.
 *
 * Names come from each document's short title and title: the short title as written, a parenthesised short form
 * ("... (CLOUD Act)", "(DORA)"), and a title without its country suffix ("Data Security Law of the People's Republic
 * of China" → "Data Security Law"). News items and vendor profiles are left out: vendors are found through the
 * aliases file, and news titles are headlines, not names.
 */
import type { FilterableFields } from '../index/filters.js';
import type { IndexedDocument } from '../index/search-backend.js';

export type CatalogDocument = IndexedDocument;

export interface DocumentCatalog {
  /** Ids of the documents the query names, in order of first mention. */
  namedDocuments(query: string): string[];
  /** Every mention of a document name in a text, with its position (in the NFKC form of the text), in text order. */
  mentions(text: string): { position: number; documentId: string }[];
  /**
   * Passage ids of the unit with this anchor in the document, then of its sub-units (`art-28` → `art-28-3`), parts
   * of long units (`-p2`) left out.
   */
  units(documentId: string, anchor: string): string[];
  /** Documents holding another language version of this one (`nil-2017` → `nil-2017-zh`). */
  translations(documentId: string): string[];
  /** Filter fields of a document, or undefined when it is unknown. */
  fields(documentId: string): FilterableFields | undefined;
  /** The vendor profiles (documents of type `vendor`) about this vendor. */
  vendorProfiles(vendorId: string): string[];
  /** Every document tagged with this vendor (its profiles and news). */
  vendorDocuments(vendorId: string): string[];
}

const unnamedTypes = new Set(['news', 'vendor']);
const countrySuffix = /\s+of the (?:People's Republic of China|PRC)\b.*$/iu;
const minimumNameLength = 3;
/** Titles of more than this many words are descriptions rather than names. */
const maximumNameWords = 6;

/**
 * A name carried by more documents than this labels a collection, not a document: the rulebook abbreviation in the
 * title of each of its hundreds of rule files ("(AML)"), or a publisher's series. Pointing a question at all of them
 * narrows nothing and crowds the list with that collection. Versions and translations of one instrument stay well
 * below it.
 */
export const maximumDocumentsPerName = 8;

/** A word with at least two capitals, as in an acronym ("GDPR", "NIS2", "C5:2020" does not count, "EBA/GL" does). */
const hasAcronym = (text: string) => /\p{Lu}[\p{Lu}\p{N}]*\p{Lu}/u.test(text);
const instrumentName = /\s(?:Act|Law|Regulation|Directive)$/u;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Names a question may use for a document. */
export function documentNames(document: Pick<CatalogDocument, 'title' | 'shortTitle'>): string[] {
  const names = new Set<string>();
  const add = (name: string) => {
    const cleaned = name.replace(/^["'“”]+|["'“”]+$/g, '').trim();
    if (cleaned.length < minimumNameLength || !/\p{L}/u.test(cleaned)) return;
    const words = cleaned.split(/\s+/).length;
    // One ordinary word ("Law", "Security") is not a name; an acronym ("NIL", "DORA") or a Chinese name is.
    if (words > maximumNameWords || (words === 1 && !hasAcronym(cleaned) && !/\p{Script=Han}/u.test(cleaned))) return;
    names.add(cleaned);
  };
  for (const source of [document.shortTitle, document.title]) {
    const text = source.trim();
    add(text.replace(/\s*\([^)]*\)\s*/g, ' ').trim());
    add(text.replace(countrySuffix, ''));
    // "SCCs 2021/914" → "SCCs", "FISA 702" → "FISA", "NIST CSF 2.0" → "NIST CSF": the name without its number.
    const withoutNumber = text
      .replace(/\s*\([^)]*\)\s*/g, ' ')
      .trim()
      .replace(/\s+[\d./:-]+$/u, '');
    if (withoutNumber !== text && hasAcronym(withoutNumber)) add(withoutNumber);
    // A parenthesised short form is a name ("(CLOUD Act)", "(DORA)"); a date or a remark ("(2016 text)") is not.
    for (const match of text.matchAll(/\(([^()]+)\)/g)) {
      const inner = match[1]!.trim();
      if ((hasAcronym(inner) && inner.split(/\s+/).length <= 3) || instrumentName.test(inner)) add(inner);
    }
  }
  return [...names];
}

/** A word, or a single Chinese character (Chinese names start anywhere in a run of characters). */
const wordPattern = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

const nameKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

/**
 * The pattern for one name: alphabetic names must stand as whole words ("AWS" is not inside "laws"); names in scripts
 * written without spaces (Chinese) match anywhere. Vendor aliases (aliases.ts) match with the same rule.
 */
export function namePattern(name: string): string {
  const escaped = escapeRegExp(name.normalize('NFKC')).replace(/\s+/g, '\\s+');
  const startsWord = /^[\p{L}\p{N}]/u.test(name) && !/^\p{Script=Han}/u.test(name);
  const endsWord = /[\p{L}\p{N}]$/u.test(name) && !/\p{Script=Han}$/u.test(name);
  return `${startsWord ? '(?<![\\p{L}\\p{N}])' : ''}${escaped}${endsWord ? '(?![\\p{L}\\p{N}])' : ''}`;
}

export function createDocumentCatalog(documents: CatalogDocument[], passageIds: Iterable<string>): DocumentCatalog {
  const anchorsByDocument = new Map<string, string[]>();
  for (const id of passageIds) {
    const separator = id.indexOf('#');
    if (separator < 0) continue;
    const documentId = id.slice(0, separator);
    let anchors = anchorsByDocument.get(documentId);
    if (!anchors) anchorsByDocument.set(documentId, (anchors = []));
    anchors.push(id.slice(separator + 1));
  }
  const fieldsById = new Map(documents.map((document) => [document.id, document.fields]));
  // Names are looked up by their first word (first character for Chinese), and only candidates starting with a
  // word of the text are tried there: one alternation of thousands of names would cost milliseconds per text.
  const documentsByName = new Map<string, string[]>();
  for (const document of documents) {
    if (unnamedTypes.has(document.type)) continue;
    for (const name of documentNames(document)) {
      const key = nameKey(name);
      const owners = documentsByName.get(key) ?? [];
      if (!owners.includes(document.id)) owners.push(document.id);
      documentsByName.set(key, owners);
    }
  }
  const candidatesByWord = new Map<string, { pattern: RegExp; documentIds: string[]; length: number }[]>();
  for (const [key, documentIds] of documentsByName) {
    if (documentIds.length > maximumDocumentsPerName) continue;
    const first = key.match(wordPattern)?.[0];
    if (!first) continue;
    const candidates = candidatesByWord.get(first) ?? [];
    candidates.push({ pattern: new RegExp(namePattern(key), 'iuy'), documentIds, length: key.length });
    candidatesByWord.set(first, candidates);
  }
  for (const candidates of candidatesByWord.values()) candidates.sort((left, right) => right.length - left.length);
  const mentions = (text: string) => {
    const found: { position: number; documentId: string }[] = [];
    const normalized = text.normalize('NFKC');
    let after = 0;
    for (const word of normalized.matchAll(wordPattern)) {
      if (word.index < after) continue;
      for (const candidate of candidatesByWord.get(word[0].toLowerCase()) ?? []) {
        candidate.pattern.lastIndex = word.index;
        const match = candidate.pattern.exec(normalized);
        if (!match) continue;
        for (const documentId of candidate.documentIds) found.push({ position: word.index, documentId });
        after = word.index + match[0].length;
        break;
      }
    }
    return found;
  };
  const translationsById = new Map<string, string[]>();
  for (const document of documents) {
    const original = /^(.+)-([a-z]{2})$/.exec(document.id)?.[1];
    if (original && fieldsById.has(original)) {
      translationsById.set(original, [...(translationsById.get(original) ?? []), document.id]);
    }
  }
  const profilesByVendor = new Map<string, string[]>();
  const documentsByVendor = new Map<string, string[]>();
  for (const document of documents) {
    for (const vendorId of document.fields.vendors) {
      documentsByVendor.set(vendorId, [...(documentsByVendor.get(vendorId) ?? []), document.id]);
      if (document.type === 'vendor') {
        profilesByVendor.set(vendorId, [...(profilesByVendor.get(vendorId) ?? []), document.id]);
      }
    }
  }

  return {
    namedDocuments(query) {
      return [...new Set(mentions(query).map((mention) => mention.documentId))];
    },
    mentions,
    units(documentId, anchor) {
      const anchors = anchorsByDocument.get(documentId) ?? [];
      const found = anchors.filter(
        (candidate) => candidate === anchor || (candidate.startsWith(`${anchor}-`) && !/-p\d+$/.test(candidate)),
      );
      return found
        .sort((left, right) => left.length - right.length || left.localeCompare(right))
        .map((candidate) => `${documentId}#${candidate}`);
    },
    translations(documentId) {
      return translationsById.get(documentId) ?? [];
    },
    fields(documentId) {
      return fieldsById.get(documentId);
    },
    vendorProfiles(vendorId) {
      return profilesByVendor.get(vendorId) ?? [];
    },
    vendorDocuments(vendorId) {
      return documentsByVendor.get(vendorId) ?? [];
    },
  };
}
