/**
 * The vendor list of hybrid search: a question naming a vendor reaches the vendor profile's laws and the primary-law
 * units they cite, which share no words with the question and so come from no other list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { referenceSettings } from '../../src/retrieve/hybrid-search.js';
import { createFixtureCorpus, type FixtureCorpus } from '../index/fixture-corpus.js';
import { TestEmbeddingModel } from '../index/test-embedding-model.js';

const front = (id: string, type: string, vendors: string, extra = '') => `---
id: ${id}
title: ${id} title
publisher: Example publisher
url: https://example.com/${id}
jurisdiction: PRC
type: ${type}
published: 2024-01-01
as_of: 2025-12-01
vendors: [${vendors}]
language: en
status: in_force
${extra}---
`;

const news = (number: number) =>
  `${front(`news-2024-beijing-${number}`, 'news', 'alibaba-cloud')}
## Event {#event}

Report ${number}: Beijing may force a cloud provider to hand over customer files, commentators said about Alibaba Cloud
and its customers abroad, asking whether Beijing can force a hand over of data held in Frankfurt or London.
`;

describe('vendor references in hybrid search', () => {
  let corpus: FixtureCorpus;
  let index: SearchableIndex;
  const saved = { ...referenceSettings };

  beforeAll(async () => {
    corpus = await createFixtureCorpus();
    await corpus.write(
      'prc/nil-2017.md',
      `${front('nil-2017', 'law', '', 'short_title: NIL\n').replace('nil-2017 title', "National Intelligence Law of the People's Republic of China")}
### Article 7 {#art-7}

All organisations and citizens shall support, assist and cooperate with State intelligence work in accordance with
the law, and shall keep secret the State intelligence work they know of.
`,
    );
    await corpus.write(
      'vendors/alibaba-cloud.md',
      `${front('vendor-alibaba-cloud', 'vendor', 'alibaba-cloud')}
## Overview {#overview}

Alibaba Cloud is the cloud computing arm of Alibaba Group, headquartered in Hangzhou.

## Laws that reach Alibaba Cloud {#laws}

As a group headquartered in the PRC, Alibaba Cloud is subject to the National Intelligence Law (2017) Art. 7, which
requires organisations to cooperate with State intelligence work and to keep it secret.
`,
    );
    for (let number = 1; number <= 5; number += 1) await corpus.write(`news/beijing-${number}.md`, news(number));
    index = await openSearchableIndex({ config: corpus.config, embeddingModel: new TestEmbeddingModel() });
    await index.reindex();
  });

  afterAll(async () => {
    Object.assign(referenceSettings, saved);
    await index.close();
    await corpus.cleanup();
  });

  const question = 'Can Beijing force Aliyun to hand over our files?';
  const ids = async () => (await index.search(question, { k: 10 })).hits.map((hit) => hit.passage.id);

  it("puts the vendor profile's laws and the article they cite among the hits", async () => {
    const found = await ids();
    expect(found).toContain('vendor-alibaba-cloud#laws');
    expect(found).toContain('nil-2017#art-7');
  });

  it('misses them without the vendor list', async () => {
    Object.assign(referenceSettings, { vendorWeight: 0, vendorCitedWeight: 0 });
    try {
      const found = await ids();
      expect(found).not.toContain('nil-2017#art-7');
    } finally {
      Object.assign(referenceSettings, saved);
    }
  });

  it('keeps the articles its profile cites behind the news a question about the vendor asks for', async () => {
    // The profile's laws unit comes in through the vendor list and its citations as the vendor's cited units; following
    // them again as the citations of a leading hit would put the statutes ahead of every report.
    const found = (
      await index.search('What did the reports say about Alibaba Cloud as a group headquartered in the PRC?', { k: 10 })
    ).hits.map((hit) => hit.passage.id);
    const reports = found.filter((id) => id.startsWith('news-'));
    expect(reports).toHaveLength(5);
    expect(found).toContain('nil-2017#art-7');
    expect(found.indexOf('nil-2017#art-7')).toBeGreaterThan(found.indexOf(reports.at(-1)!));
  });

  it('leaves a question naming no vendor alone', async () => {
    const found = (await index.search('Can Beijing force a provider to hand over our files?', { k: 10 })).hits;
    expect(found.map((hit) => hit.passage.id)).not.toContain('nil-2017#art-7');
  });
});
