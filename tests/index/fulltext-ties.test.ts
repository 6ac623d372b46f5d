/**
 * Passages of equal full-text score come back in passage id order, whichever order the index holds them in: two
 * builds of the same corpus may store rows in different orders, and a question must rank the same after a reindex.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchBackend } from '../../src/index/search-backend.js';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { createFixtureCorpus, guidanceDocument, type FixtureCorpus } from './fixture-corpus.js';
import { TestEmbeddingModel } from './test-embedding-model.js';

/** The same note under three ids, written so that files are read in an order unlike the ids' (zulu, alpha, mike). */
const copies = [
  ['a-first/note.md', 'zulu-note'],
  ['b-second/note.md', 'alpha-note'],
  ['c-third/note.md', 'mike-note'],
] as const;
const note = (id: string) =>
  guidanceDocument(
    { id, title: 'Escrow Note', publisher: 'Freedonia Financial Authority', url: `https://example.org/${id}` },
    '## Escrow {#escrow}\n\nSource code escrow keeps a copy of the quokka billing engine with an independent agent.\n',
  );

let corpus: FixtureCorpus;
let index: SearchableIndex;
let backend: SearchBackend;

beforeAll(async () => {
  corpus = await createFixtureCorpus();
  for (const [file, id] of copies) await corpus.write(`guidance/${file}`, note(id));
  index = await openSearchableIndex({ config: corpus.config, embeddingModel: new TestEmbeddingModel() });
  await index.reindex();
  ({ backend } = await index.searchBackend());
});

afterAll(async () => {
  await index.close();
  await corpus.cleanup();
});

describe('full-text ties', () => {
  const tied = ['alpha-note#escrow', 'mike-note#escrow', 'zulu-note#escrow'];

  it('orders passages of equal score by id in a plain list', async () => {
    const hits = await backend.fulltext({ text: 'quokka escrow' }, {}, 10);
    expect(hits.map((hit) => hit.id)).toEqual(tied);
    expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
  });

  it('orders passages of equal score by id when word groups are summed', async () => {
    const hits = await backend.fulltext({ text: 'quokka escrow', expansion: 'Freedonia' }, {}, 10);
    expect(hits.slice(0, 3).map((hit) => hit.id)).toEqual(tied);
  });
});
