/**
 * A full-text query with alias names is searched as one match per word group whose weighted scores are added by
 * passage: the ranking must be the one LanceDB's boolean query of the same groups gives, with the same scores, for
 * a short list and a long one, with and without filters, and again when the alias list is read from what an
 * earlier question kept.
 */
import { connect } from '@lancedb/lancedb';
import { BooleanQuery, MatchQuery, Occur, Operator } from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filtersToWhere, type PassageFilters } from '../../src/index/filters.js';
import { passageColumns } from '../../src/index/schema.js';
import type { RankedCandidate, SearchBackend } from '../../src/index/search-backend.js';
import { fulltextQueryText } from '../../src/index/search-text.js';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { createFixtureCorpus, guidanceDocument, type FixtureCorpus } from './fixture-corpus.js';
import { TestEmbeddingModel } from './test-embedding-model.js';

const aliasNames = 'Aliyun Alibaba Group Alibaba Cloud Intelligence';
const topics = ['security', 'risk', 'cloud', 'group', 'outsourcing', 'contract', 'audit', 'register', 'exit'];

/** A guide of many sections mixing the question's words and common alias words ("cloud", "group") unevenly. */
function guide(): string {
  const sections = Array.from({ length: 80 }, (_, section) => {
    const words = topics.filter((_, position) => (section * 7 + position * 3) % 5 < 2);
    const repeated = words.flatMap((word, position) =>
      Array.from({ length: 1 + ((section * 5 + position) % 4) }, () => word),
    );
    return `## Section ${section} {#s-${section}}\n\nThis section of the Freedonia outsourcing guide covers ${repeated.join(', ')} and the duties of the firm in section ${section}.\n`;
  });
  return guidanceDocument(
    {
      id: 'freedonia-guide',
      title: 'Freedonia Outsourcing Guide',
      publisher: 'Freedonia Financial Authority',
      url: 'https://example.org/guide',
    },
    sections.join('\n'),
  );
}

let corpus: FixtureCorpus;
let index: SearchableIndex;
let backend: SearchBackend;
let booleanQuery: (text: string, filters: PassageFilters, limit: number) => Promise<RankedCandidate[]>;

beforeAll(async () => {
  corpus = await createFixtureCorpus();
  await corpus.write('guidance/freedonia-guide.md', guide());
  index = await openSearchableIndex({ config: corpus.config, embeddingModel: new TestEmbeddingModel() });
  await index.reindex();
  ({ backend } = await index.searchBackend());
  const connection = await connect(corpus.config.lancedbUri);
  const table = await connection.openTable((await index.status()).table);
  booleanQuery = async (text, filters, limit) => {
    const match = (terms: string, boost: number) =>
      new MatchQuery(fulltextQueryText(terms), passageColumns.searchText, { operator: Operator.Or, boost });
    let search = table
      .query()
      .fullTextSearch(
        new BooleanQuery([
          [Occur.Should, match(text, 1)],
          [Occur.Should, match(aliasNames, 0.1)],
        ]),
      )
      .select(['id', '_score'])
      .limit(limit);
    const where = filtersToWhere(filters);
    if (where) search = search.where(where);
    return (await search.toArray()).map((row: Record<string, unknown>) => ({
      id: String(row.id),
      score: Number(row._score),
    }));
  };
});

afterAll(async () => {
  await index.close();
  await corpus.cleanup();
});

/**
 * The scores, to 4 decimals, and the ids of every hit scoring above the last: which of several passages of equal
 * score is placed first, or makes the cut at the end, is the index's to choose.
 */
const canonical = (hits: RankedCandidate[]) => {
  const scores = hits.map((hit) => Math.round(hit.score * 1e4) / 1e4);
  const last = scores.at(-1);
  return {
    scores,
    above: hits.flatMap((hit, position) => (scores[position]! > last! ? [`${scores[position]} ${hit.id}`] : [])).sort(),
  };
};

describe('full-text search with alias names', () => {
  const questions = [
    'Is Alibaba Cloud a security risk to Western companies?',
    'What must an outsourcing contract with a cloud provider say about audit and exit?',
    'Which register of cloud arrangements does a group keep?',
  ];

  it.each([50, 10, 3])('ranks as the boolean query of the groups, top %i', async (limit) => {
    for (const question of questions) {
      const summed = await backend.fulltext({ text: question, expansion: aliasNames }, {}, limit);
      const expected = await booleanQuery(question, {}, limit);
      expect(summed.length).toBe(expected.length);
      expect(canonical(summed)).toEqual(canonical(expected));
      // Every hit comes with its passage, as a plain full-text list does.
      expect(summed.every((hit) => hit.passage?.id === hit.id)).toBe(true);
    }
  });

  it('ranks as the boolean query under a filter, and again when the alias list is kept from an earlier question', async () => {
    const filters: PassageFilters = { jurisdiction: ['EU'] };
    for (const question of [...questions, ...questions]) {
      const summed = await backend.fulltext({ text: question, expansion: aliasNames }, filters, 10);
      expect(canonical(summed)).toEqual(canonical(await booleanQuery(question, filters, 10)));
      expect(summed.every((hit) => hit.passage!.jurisdiction === 'EU')).toBe(true);
    }
  });

  it('keeps a passage found by the alias names alone, below the question’s own matches', async () => {
    const summed = await backend.fulltext({ text: 'audit exit', expansion: aliasNames }, {}, 50);
    const expected = await booleanQuery('audit exit', {}, 50);
    expect(canonical(summed)).toEqual(canonical(expected));
    expect(summed.some((hit) => hit.id.startsWith('vendor-alibaba-cloud'))).toBe(true);
  });
});
