/**
 * Passage filters as a LanceDB (DataFusion SQL) predicate over the passages table, and the same filters evaluated in
 * memory. Vendor names are resolved to vendor ids by the caller (retrieval reads the aliases); dates compare as
 * YYYY-MM-DD strings, so passages without a published date drop out of any date range.
 */
import type { DocumentType } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { sqlString } from './schema.js';

/** What a search may be restricted to, in the stored columns' terms: vendors are vendor ids. */
export interface PassageFilters {
  jurisdiction?: string[];
  type?: DocumentType[];
  vendor?: string[];
  /** Inclusive YYYY-MM-DD bounds on `published`. */
  publishedFrom?: string;
  publishedTo?: string;
  documentId?: string[];
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function inList(column: string, values: string[] | undefined): string | undefined {
  const cleaned = (values ?? []).map((value) => value.trim()).filter(Boolean);
  if (cleaned.length === 0) return undefined;
  return `${column} IN (${cleaned.map(sqlString).join(', ')})`;
}

function date(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!datePattern.test(value)) throw new AppError('invalid_input', `${name} must be a date YYYY-MM-DD.`);
  return value;
}

/** Builds the WHERE clause; vendor names in `filters.vendor` must already be resolved to vendor ids. */
export function filtersToWhere(filters: PassageFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const clauses: string[] = [];
  const jurisdiction = inList('jurisdiction', filters.jurisdiction);
  if (jurisdiction) clauses.push(jurisdiction);
  const type = inList('type', filters.type);
  if (type) clauses.push(type);
  const documentId = inList('document_id', filters.documentId);
  if (documentId) clauses.push(documentId);
  const vendors = (filters.vendor ?? []).map((value) => value.trim()).filter(Boolean);
  if (vendors.length > 0) clauses.push(`array_has_any(vendors, make_array(${vendors.map(sqlString).join(', ')}))`);
  const from = date('publishedFrom', filters.publishedFrom);
  if (from) clauses.push(`published >= ${sqlString(from)}`);
  const to = date('publishedTo', filters.publishedTo);
  if (to) clauses.push(`published <> '' AND published <= ${sqlString(to)}`);
  return clauses.length > 0 ? clauses.map((clause) => `(${clause})`).join(' AND ') : undefined;
}

export interface FilterableFields {
  jurisdiction: string;
  type: string;
  documentId: string;
  vendors: readonly string[];
  published: string;
}

/** The fields of a row whose document the manifest does not list: it passes no filter on those fields. */
export function unknownDocumentFields(documentId: string): FilterableFields {
  return { documentId, jurisdiction: '', type: '', vendors: [], published: '' };
}

/** The same filters evaluated in memory (for vectors searched outside LanceDB); must agree with `filtersToWhere`. */
export function createFilterPredicate(
  filters: PassageFilters | undefined,
): ((fields: FilterableFields) => boolean) | undefined {
  if (!filters) return undefined;
  const set = (values: string[] | undefined) => {
    const cleaned = (values ?? []).map((value) => value.trim()).filter(Boolean);
    return cleaned.length > 0 ? new Set(cleaned) : undefined;
  };
  const jurisdictions = set(filters.jurisdiction);
  const types = set(filters.type);
  const documentIds = set(filters.documentId);
  const vendors = set(filters.vendor);
  const from = date('publishedFrom', filters.publishedFrom);
  const to = date('publishedTo', filters.publishedTo);
  if (!jurisdictions && !types && !documentIds && !vendors && !from && !to) return undefined;
  return (fields) =>
    (!jurisdictions || jurisdictions.has(fields.jurisdiction)) &&
    (!types || types.has(fields.type)) &&
    (!documentIds || documentIds.has(fields.documentId)) &&
    (!vendors || fields.vendors.some((vendor) => vendors.has(vendor))) &&
    (!from || fields.published >= from) &&
    (!to || (fields.published !== '' && fields.published <= to));
}
