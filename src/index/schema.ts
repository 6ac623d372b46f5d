/**
 * The passages table: its explicit Arrow schema and the conversion between `Passage` values and table rows.
 *
 * The schema is explicit (not inferred from rows) so that `id` is a non-nullable string usable as a key, numbers
 * stay integers and the vector column has the embedding model's exact dimension. The passage's fields are columns
 * (for filters and inspection) and also one JSON column, so fetching a hit reads one column.
 */
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';
import { documentTypes, type DocumentType, type Passage } from '../corpus/types.js';
import { passageSearchText } from './search-text.js';

export const passageColumns = {
  id: 'id',
  documentId: 'document_id',
  heading: 'heading',
  text: 'text',
  searchText: 'search_text',
  vector: 'vector',
} as const;

/** Every column except the vector and the derived search text: what a search returns for each hit. */
/**
 * Bump whenever the columns or the derived search text change: rows of an older table are then re-derived instead of
 * copied (and re-embedded, since a changed layout may also change what is embedded).
 */
export const rowFormatVersion = '2';

/**
 * Lance file format 2.1 reads a few random rows (the hits of a search) about twice as fast as 2.0, which matters
 * because every search fetches its final hits by row id.
 */
export const dataStorageVersion = '2.1';

/** What a search fetches for each hit: the whole passage as JSON, one column instead of eighteen. */
export const passageReadColumns = ['passage'] as const;

export function passageSchema(dimensions: number): Schema {
  const text = (name: string) => new Field(name, new Utf8(), false);
  return new Schema([
    text('id'),
    text('document_id'),
    text('heading'),
    text('text'),
    text('search_text'),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('page', new Int32(), true),
    text('content_hash'),
    text('title'),
    text('publisher'),
    text('url'),
    text('jurisdiction'),
    text('type'),
    text('published'),
    text('as_of'),
    new Field('vendors', new List(new Field('item', new Utf8(), true)), false),
    text('language'),
    text('status'),
    text('passage'),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

export type PassageRow = Record<string, unknown>;

export function passageToRow(passage: Passage, vector: ArrayLike<number>): PassageRow {
  return {
    id: passage.id,
    document_id: passage.documentId,
    heading: passage.heading,
    text: passage.text,
    search_text: passageSearchText(passage),
    start: passage.start,
    end: passage.end,
    page: passage.page ?? null,
    content_hash: passage.contentHash,
    title: passage.title,
    publisher: passage.publisher,
    url: passage.url,
    jurisdiction: passage.jurisdiction,
    type: passage.type,
    published: passage.published,
    as_of: passage.asOf,
    vendors: passage.vendors,
    language: passage.language,
    status: passage.status,
    passage: JSON.stringify(passage),
    vector: Array.from(vector),
  };
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function list(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(text);
  // Arrow list cells arrive as Vectors: iterable, with toArray().
  if (typeof value === 'object' && Symbol.iterator in value) return Array.from(value as Iterable<unknown>, text);
  return [];
}

export function rowToPassage(row: Record<string, unknown>): Passage {
  if (typeof row.passage === 'string' && row.passage !== '') return JSON.parse(row.passage) as Passage;
  const type = text(row.type);
  const page = row.page === null || row.page === undefined ? undefined : Number(row.page);
  return {
    id: text(row.id),
    documentId: text(row.document_id),
    heading: text(row.heading),
    text: text(row.text),
    start: Number(row.start),
    end: Number(row.end),
    ...(page === undefined ? {} : { page }),
    contentHash: text(row.content_hash),
    title: text(row.title),
    publisher: text(row.publisher),
    url: text(row.url),
    jurisdiction: text(row.jurisdiction),
    type: (documentTypes as readonly string[]).includes(type) ? (type as DocumentType) : 'news',
    published: text(row.published),
    asOf: text(row.as_of),
    vendors: list(row.vendors),
    language: text(row.language),
    status: text(row.status),
  };
}

/** Quotes a string for a LanceDB (DataFusion SQL) filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
