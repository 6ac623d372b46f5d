/**
 * The passages table: its explicit Arrow schema and the conversion between `Passage` values and table rows.
 *
 * The schema is explicit (not inferred from rows) so that `id` is a non-nullable string usable as a key, numbers
 * stay integers and the vector column has the embedding model's exact dimension. The passage's fields are columns
 * (for filters and inspection) and also one JSON column, so fetching a hit reads one column.
 */
import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';
import type { Passage } from '../corpus/types.js';
import { passageSearchText } from './search-text.js';

export const passageColumns = {
  id: 'id',
  documentId: 'document_id',
  heading: 'heading',
  text: 'text',
  searchText: 'search_text',
  vector: 'vector',
} as const;

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

/** A row as a passage: every read selects `passageReadColumns`, the passage stored whole as JSON. */
export function rowToPassage(row: Record<string, unknown>): Passage {
  return JSON.parse(String(row.passage)) as Passage;
}

/** Quotes a string for a LanceDB (DataFusion SQL) filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
