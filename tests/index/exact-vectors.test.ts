import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExactVectorSearch } from '../../src/index/exact-vectors.js';
import type { FilterableFields } from '../../src/index/filters.js';

const dimensions = 12;

/** A deterministic pseudo-random vector per row, so the expected ranking can be computed beside the search. */
function vectorFor(seed: number): number[] {
  let state = seed * 2_654_435_761;
  return Array.from({ length: dimensions }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
}

const cosine = (left: number[], right: number[]) => {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    dot += left[index]! * right[index]!;
    leftNorm += left[index]! ** 2;
    rightNorm += right[index]! ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
};

/** Documents of different sizes; `globex` has its rows in two separate runs of the table, as an append leaves them. */
const layout: [documentId: string, rows: number][] = [
  ['gdpr', 40],
  ['globex', 5],
  ['initech', 30],
  ['freedonia-act', 25],
  ['globex', 4],
];
const fields = new Map<string, FilterableFields>(
  ['gdpr', 'globex', 'initech', 'freedonia-act'].map((documentId) => [
    documentId,
    {
      documentId,
      jurisdiction: documentId === 'gdpr' ? 'EU' : 'US',
      type: documentId.includes('-act') || documentId === 'gdpr' ? 'law' : 'vendor',
      vendors: documentId === 'globex' || documentId === 'initech' ? [documentId] : [],
      published: '2024-01-01',
    },
  ]),
);

let workspace: string;
let search: ExactVectorSearch;
const rows: { id: string; document_id: string; vector: number[] }[] = [];

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'exact-vectors-'));
  for (const [documentId, count] of layout) {
    for (let position = 0; position < count; position += 1) {
      const id = `${documentId}#p-${rows.filter((row) => row.document_id === documentId).length}`;
      rows.push({ id, document_id: documentId, vector: vectorFor(rows.length + 1) });
    }
  }
  const schema = new Schema([
    new Field('id', new Utf8(), false),
    new Field('document_id', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
  const connection = await connect(workspace);
  const table = await connection.createTable('passages', rows, { schema });
  ({ search } = await ExactVectorSearch.load(table, dimensions, fields));
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** The top `limit` by cosine among the rows whose document passes, computed row by row. */
function expectedTop(query: number[], limit: number, passes: (fields: FilterableFields) => boolean) {
  return rows
    .filter((row) => passes(fields.get(row.document_id)!))
    .map((row) => ({ id: row.id, score: cosine(query, row.vector) }))
    .filter((row) => row.score > 0)
    .sort((left, right) => right.score - left.score)
    .slice(0, limit);
}

describe('exact vector search', () => {
  it('ranks every row by cosine similarity without a filter', async () => {
    const query = vectorFor(1_000);
    const hits = await search.search(query, 10);
    const expected = expectedTop(query, 10, () => true);
    expect(hits.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
    hits.forEach((hit, index) => expect(hit.score).toBeCloseTo(expected[index]!.score, 5));
  });

  it('with a filter, returns only rows of documents that pass, ranked as a scan of all rows would rank them', async () => {
    const passes = (candidate: FilterableFields) => candidate.vendors.includes('globex');
    for (const seed of [7, 70, 700]) {
      const query = vectorFor(seed);
      const hits = await search.search(query, 6, passes);
      expect(hits.map((hit) => hit.id)).toEqual(expectedTop(query, 6, passes).map((hit) => hit.id));
      // Both runs of the document's rows are read: its rows from the end of the table are hits too.
      const all = await search.search(query, 20, passes);
      expect(all.map((hit) => hit.id)).toEqual(expectedTop(query, 20, passes).map((hit) => hit.id));
      expect(all.some((hit) => Number(hit.id.split('-').at(-1)) >= 5)).toBe(true);
    }
  });

  it('reads rows of several documents scattered through the table when the filter lets several through', async () => {
    const passes = (candidate: FilterableFields) => candidate.type === 'law';
    const query = vectorFor(4_242);
    const hits = await search.search(query, 15, passes);
    expect(hits.map((hit) => hit.id)).toEqual(expectedTop(query, 15, passes).map((hit) => hit.id));
    expect(new Set(hits.map((hit) => hit.id.split('#')[0]))).toEqual(new Set(['gdpr', 'freedonia-act']));
  });

  it('returns nothing when no document passes', async () => {
    expect(await search.search(vectorFor(3), 10, () => false)).toEqual([]);
  });
});
