/**
 * The fields a full-text query can weight on their own: a passage's title and its heading path below the title.
 * A weighted field adds to the passages whose field holds the query's words, and only to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, type CorpusIndex } from '../../src/index/corpus-index.js';
import type { FulltextQuery, SearchBackend } from '../../src/index/search-backend.js';
import { passageFieldTexts } from '../../src/index/search-text.js';
import { createFixtureCorpus, type FixtureCorpus } from './fixture-corpus.js';
import { TestEmbeddingModel } from './test-embedding-model.js';

describe('field weights in full-text search', () => {
  let corpus: FixtureCorpus;
  let index: CorpusIndex;
  let backend: SearchBackend;

  beforeAll(async () => {
    corpus = await createFixtureCorpus();
    index = await openCorpusIndex({ config: corpus.config, embeddingModel: new TestEmbeddingModel() });
    await index.reindex();
    ({ backend } = await index.searchBackend());
  });
  afterAll(async () => {
    await index.close();
    await corpus.cleanup();
  });

  const scores = async (query: FulltextQuery) =>
    new Map((await backend.fulltext(query, {}, 50)).map((hit) => [hit.id, hit.score]));

  it('separates the title from the heading path below it', () => {
    expect(
      passageFieldTexts({
        title: "Personal Information Protection Law of the People's Republic of China",
        heading: 'PIPL › Chapter III › Article 38',
      }),
    ).toEqual({
      title: "Personal Information Protection Law of the People's Republic of China PIPL",
      heading: 'Chapter III › Article 38',
    });
    expect(passageFieldTexts({ title: 'A rulebook', heading: 'A rulebook' })).toEqual({
      title: 'A rulebook',
      heading: '',
    });
  });

  it('raises the passages whose heading holds the words, and leaves the others as they were', async () => {
    const query = { text: 'processor general principle for transfers' };
    const plain = await scores(query);
    const weighted = await scores({ ...query, fields: { heading: 0.5 } });
    // "Article 28 Processor" and "Article 44 General principle for transfers" are GDPR headings.
    expect(weighted.get('gdpr-2016#art-28')!).toBeGreaterThan(plain.get('gdpr-2016#art-28')!);
    expect(weighted.get('gdpr-2016#art-44')!).toBeGreaterThan(plain.get('gdpr-2016#art-44')!);
    const unchanged = [...plain].filter(([id]) => !id.startsWith('gdpr-2016#'));
    for (const [id, score] of unchanged) expect(weighted.get(id)).toBeCloseTo(score, 5);
  });

  it('raises the passages of a document whose title holds the words', async () => {
    const query = { text: 'Kaspersky antivirus' };
    const plain = await scores(query);
    const weighted = await scores({ ...query, fields: { title: 1 } });
    expect(weighted.get('news-2024-06-kaspersky-ban#event')!).toBeGreaterThan(
      plain.get('news-2024-06-kaspersky-ban#event')!,
    );
  });
});
