import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { createFixtureCorpus, type FixtureCorpus } from '../index/fixture-corpus.js';
import { TestEmbeddingModel } from '../index/test-embedding-model.js';

describe('search', () => {
  let corpus: FixtureCorpus;
  let model: TestEmbeddingModel;
  let index: SearchableIndex;

  beforeAll(async () => {
    corpus = await createFixtureCorpus();
    model = new TestEmbeddingModel();
    index = await openSearchableIndex({ config: corpus.config, embeddingModel: model });
    await index.reindex();
  });

  afterAll(async () => {
    await index.close();
    await corpus.cleanup();
  });

  const ids = async (query: string, options: Parameters<SearchableIndex['search']>[1] = {}) =>
    (await index.search(query, options)).hits.map((hit) => hit.passage.id);

  it('finds the passage for a keyword query first, with scores and provenance', async () => {
    const result = await index.search('Kaspersky antivirus Bureau of Industry and Security');
    expect(result.method).toBe('hybrid');
    const [top] = result.hits;
    expect(top?.passage).toMatchObject({
      id: 'news-2024-06-kaspersky-ban#event',
      documentId: 'news-2024-06-kaspersky-ban',
      title: 'United States bans sales of Kaspersky antivirus software',
      publisher: 'Reuters',
      url: 'https://www.reuters.com/technology/',
      type: 'news',
      published: '2024-06-20',
      vendors: ['kaspersky'],
    });
    expect(top?.rank).toBe(1);
    expect(top?.fulltextRank).toBe(1);
    expect(top?.fulltextScore).toBeGreaterThan(0);
    expect(top?.score).toBeGreaterThan(result.hits[1]?.score ?? 0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('finds the right article for a paraphrased question (stemming, heading and vectors)', async () => {
    expect(
      (await ids('Which mechanisms let a company provide personal information to recipients abroad from China?'))[0],
    ).toBe('pipl-2021#art-38');
    expect((await ids('rules for a controller engaging processors'))[0]).toBe('gdpr-2016#art-28');
    expect((await ids('PIPL Article 40 localisation'))[0]).toBe('pipl-2021#art-40');
  });

  it('puts the unit a question cites first, in the document it names', async () => {
    expect((await ids('what does the GDPR say in art 44?'))[0]).toBe('gdpr-2016#art-44');
    expect((await ids('personal information rules: PIPL art. 40?'))[0]).toBe('pipl-2021#art-40');
    expect((await ids('processor transfers abroad, GDPR art 44 and PIPL art 38')).slice(0, 2).sort()).toEqual([
      'gdpr-2016#art-44',
      'pipl-2021#art-38',
    ]);
  });

  it('lets a vendor filter pass a vendor-neutral law the question names, and nothing about other vendors', async () => {
    const found = await ids('Aliyun data and PIPL Article 40', { filters: { vendor: ['Aliyun'] } });
    expect(found).toContain('pipl-2021#art-40');
    expect(found.every((id) => id.startsWith('vendor-alibaba-cloud') || id.startsWith('pipl-2021'))).toBe(true);
  });

  it('searches Chinese text with a Chinese query', async () => {
    const result = await index.search('外国司法或者执法机构 请求');
    expect(result.hits[0]?.passage.id).toBe('pipl-2021#art-41-zh');
    expect(result.hits[0]?.fulltextRank).toBe(1);
  });

  it('expands vendor aliases in the query', async () => {
    const result = await index.search('阿里云 data centre regions');
    expect(result.expandedQuery).toContain('Alibaba Cloud');
    expect(result.hits[0]?.passage.documentId).toBe('vendor-alibaba-cloud');
  });

  it('filters by jurisdiction, type, vendor alias and date range', async () => {
    const query = 'personal information data security assessment';
    const prc = await ids(query, { filters: { jurisdiction: ['PRC'] } });
    expect(prc.length).toBeGreaterThan(0);
    expect(prc.every((id) => id.startsWith('pipl-2021') || id.startsWith('vendor-alibaba-cloud'))).toBe(true);

    expect(await ids(query, { filters: { type: ['regulation'] } })).toEqual(
      expect.arrayContaining(['gdpr-2016#art-28']),
    );
    expect((await ids(query, { filters: { type: ['regulation'] } })).every((id) => id.startsWith('gdpr-2016'))).toBe(
      true,
    );

    const aliyun = await ids('data stored', { filters: { vendor: ['Aliyun'] } });
    expect(aliyun.length).toBeGreaterThan(0);
    expect(aliyun.every((id) => id.startsWith('vendor-alibaba-cloud'))).toBe(true);
    expect(await ids('data stored', { filters: { vendor: ['卡巴斯基'] } })).toEqual([
      'news-2024-06-kaspersky-ban#event',
    ]);

    const recent = await ids(query, { filters: { publishedFrom: '2024-01-01' } });
    expect(recent.every((id) => id.startsWith('news-2024') || id.startsWith('vendor-alibaba-cloud'))).toBe(true);
    const old = await ids(query, { filters: { publishedFrom: '2016-01-01', publishedTo: '2016-12-31' } });
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((id) => id.startsWith('gdpr-2016'))).toBe(true);

    expect(await ids(query, { filters: { jurisdiction: ['UK'] } })).toEqual([]);
  });

  it('applies filters to vector search as well', async () => {
    const result = await index.search('personal information security assessment', {
      method: 'vector',
      filters: { jurisdiction: ['EU'] },
    });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.passage.jurisdiction === 'EU')).toBe(true);
  });

  it('offers full-text only and vector only search', async () => {
    const fulltext = await index.search('Kaspersky antivirus', { method: 'fulltext' });
    expect(fulltext.method).toBe('fulltext');
    expect(fulltext.hits.every((hit) => hit.vectorRank === undefined && hit.fulltextRank !== undefined)).toBe(true);
    const vector = await index.search('Kaspersky antivirus software', { method: 'vector' });
    expect(vector.method).toBe('vector');
    expect(vector.hits[0]?.passage.id).toBe('news-2024-06-kaspersky-ban#event');
    expect(vector.hits.every((hit) => hit.fulltextRank === undefined && (hit.vectorScore ?? 0) > 0)).toBe(true);
  });

  it('answers concurrent vector searches as it answers them one at a time', async () => {
    const questions = ['Kaspersky antivirus software', 'personal information export', 'intelligence work cooperation'];
    const alone: string[][] = [];
    for (const question of questions) {
      alone.push((await index.search(question, { method: 'vector' })).hits.map((hit) => hit.passage.id));
    }
    const together = await Promise.all(questions.map((question) => index.search(question, { method: 'vector' })));
    expect(together.map((result) => result.hits.map((hit) => hit.passage.id))).toEqual(alone);
    expect(new Set(alone.map((ids) => ids[0])).size).toBe(questions.length);
  });

  it('returns at most k hits, ranked', async () => {
    const result = await index.search('personal information data', { k: 3 });
    expect(result.hits).toHaveLength(3);
    expect(result.hits.map((hit) => hit.rank)).toEqual([1, 2, 3]);
    const scores = result.hits.map((hit) => hit.score);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
  });

  it('rejects an empty query and invalid dates', async () => {
    await expect(index.search('   ')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(index.search('data', { filters: { publishedFrom: '2020' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('treats query syntax as plain words', async () => {
    const result = await index.search('"security assessment" AND (Cyberspace) -abroad');
    expect(result.hits.map((hit) => hit.passage.documentId)).toContain('pipl-2021');
  });

  it('falls back to full text when the embedding model fails during a hybrid search', async () => {
    model.failAfterCalls = model.calls;
    try {
      const result = await index.search('Kaspersky antivirus');
      expect(result.method).toBe('fulltext');
      expect(result.hits[0]?.passage.id).toBe('news-2024-06-kaspersky-ban#event');
      await expect(index.search('Kaspersky antivirus', { method: 'vector' })).rejects.toMatchObject({
        code: 'model_error',
      });
    } finally {
      model.failAfterCalls = undefined;
    }
  });
});
