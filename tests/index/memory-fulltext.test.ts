/**
 * A small table's full-text search held in memory ranks as LanceDB's full-text index does: the same passages with
 * the same scores, in the same order, for the same query and filters, on the shipped corpus, and the same words cut
 * the same way where LanceDB's analysis is easy to get wrong (stop words after stemming, folding after stemming, long
 * tokens, Chinese bigrams, repeated query words).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, MatchQuery, Operator } from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import type { Passage } from '../../src/corpus/types.js';
import { MemoryFulltext } from '../../src/index/memory-fulltext.js';
import type { PassageFilters } from '../../src/index/filters.js';
import type { RankedCandidate, SearchBackend } from '../../src/index/search-backend.js';
import { fulltextQueryText } from '../../src/index/search-text.js';
import { buildFulltextIndex } from '../../src/index/table-indexes.js';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { shippedCorpus } from '../helpers/test-assistant.js';
import { TestEmbeddingModel } from './test-embedding-model.js';

/**
 * Expects the same passages in the same order with the same scores (to float rounding: sums of 32-bit floats in
 * another order). Passages of equal score at the cut may differ, so the cut's ties are left out.
 */
function expectSameList(found: RankedCandidate[], expected: RankedCandidate[], limit: number, label: string): void {
  const uncut = (list: RankedCandidate[]) =>
    list.length === limit ? list.filter((hit) => hit.score !== list.at(-1)!.score) : list;
  const left = uncut(found);
  const right = uncut(expected);
  expect(
    left.map((hit) => hit.id),
    label,
  ).toEqual(right.map((hit) => hit.id));
  left.forEach((hit, position) =>
    expect(Math.abs(hit.score - right[position]!.score), label).toBeLessThanOrEqual(1e-5 * hit.score),
  );
}

describe('analysis as LanceDB analyses', () => {
  const texts = [
    'The data of the controller, myself, would because',
    'data data data processing',
    'Personal data breach notification within seventy-two hours',
    'News about atlas skis and dying lying',
    'Café résumé naïve Straße Ærø',
    'supercalifragilisticexpialidociousabcdefghij short',
    'IFRS rules and (IFR) things; ons thing',
    'there these they this to was will with such their then',
    'generously generous generosity organisation organization',
    '数据 据出 出境 安全 评估',
  ];
  const queries = [
    'data',
    'data data processing',
    'myself would because',
    'the',
    'ons',
    'cafe',
    'resume',
    'strasse',
    'straße',
    'aero',
    'naive',
    'supercalifragilisticexpialidociousabcdefghij short',
    'ifrs',
    'thing',
    'skis news dying',
    'generous organization',
    '数据 出境',
  ];
  let directory: string;
  let lance: (text: string) => Promise<{ id: string; score: number }[]>;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'memory-fulltext-'));
    const connection = await connect(directory);
    const table = await connection.createTable(
      'passages',
      texts.map((text, row) => ({ id: `p${row}`, search_text: text })),
    );
    await buildFulltextIndex(table);
    lance = async (text) =>
      (
        await table
          .query()
          .fullTextSearch(new MatchQuery(text, 'search_text', { operator: Operator.Or }))
          .select(['id', '_score'])
          .limit(20)
          .toArray()
      )
        .map((row: Record<string, unknown>) => ({ id: String(row.id), score: Number(row._score) }))
        .sort((left, right) => right.score - left.score || left.id.localeCompare(right.id));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('finds the same passages with the same scores for every query', async () => {
    const memory = new MemoryFulltext(
      texts.map((text, row) => ({
        id: `p${row}`,
        searchText: text,
        passage: {} as Passage,
        fields: { documentId: `p${row}`, jurisdiction: '', type: '', vendors: [], published: '' },
      })),
    );
    for (const query of queries) {
      const expected = await lance(query);
      const found = memory.search(query, 20);
      expect(
        found.map((hit) => hit.id),
        query,
      ).toEqual(expected.map((hit) => hit.id));
      found.forEach((hit, position) => expect(hit.score, query).toBeCloseTo(expected[position]!.score, 5));
    }
    // The cases above must not pass by matching nothing.
    expect(memory.search('ons the such', 20)).toEqual([]);
    expect(memory.search('resume', 20)).toEqual([]);
    expect(memory.search('cafe', 20).map((hit) => hit.id)).toEqual(['p4']);
  });
});

describe('the shipped corpus in memory and in LanceDB', () => {
  let dataDirectory: string;
  let inMemory: SearchableIndex;
  let inLance: SearchableIndex;
  let memoryBackend: SearchBackend;
  let lanceBackend: SearchBackend;
  let passages: Passage[];

  beforeAll(async () => {
    dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'memory-fulltext-shipped-'));
    const settings = { DATA_DIR: dataDirectory, CORPUS_DIR: shippedCorpus };
    inMemory = await openSearchableIndex({ config: testConfig(settings), embeddingModel: new TestEmbeddingModel() });
    await inMemory.reindex();
    inLance = await openSearchableIndex({
      config: testConfig({ ...settings, FULLTEXT_IN_MEMORY_UP_TO: '0' }),
      embeddingModel: new TestEmbeddingModel(),
    });
    ({ backend: memoryBackend } = await inMemory.searchBackend());
    ({ backend: lanceBackend } = await inLance.searchBackend());
    const ids = memoryBackend.passageIds!.filter((_, row) => row % 4 === 0);
    passages = [...(await lanceBackend.passages([...ids])).values()];
  }, 60_000);

  afterAll(async () => {
    await inMemory?.close();
    await inLance?.close();
    await rm(dataDirectory, { recursive: true, force: true });
  });

  /** Questions made of a passage's heading and the first words of its text, some with a document type filter. */
  function questions(): { text: string; filters: PassageFilters }[] {
    return passages.map((passage, position) => {
      const words = passage.text.split(/\s+/).slice(position % 7, (position % 7) + 4 + (position % 9));
      const filters: PassageFilters = position % 3 === 0 ? { type: [passage.type] } : {};
      return { text: `${passage.heading.split('›').at(-1)} ${words.join(' ')}`, filters };
    });
  }

  it('holds the shipped corpus in memory unless told not to', async () => {
    expect((await inMemory.status()).fulltextSearch).toBe('memory');
    expect((await inLance.status()).fulltextSearch).toBe('lancedb');
    expect(passages.length).toBeGreaterThan(100);
  });

  it('ranks every question the same, with the same scores, with and without filters', async () => {
    let compared = 0;
    for (const { text, filters } of questions()) {
      const [memory, lance] = await Promise.all([
        memoryBackend.fulltext({ text }, filters, 20),
        lanceBackend.fulltext({ text }, filters, 20),
      ]);
      expectSameList(memory, lance, 20, text);
      compared += memory.length;
      expect(memory.every((hit) => hit.passage?.id === hit.id)).toBe(true);
    }
    expect(compared).toBeGreaterThan(passages.length * 10);
  });

  it('sums alias names and feedback words as the LanceDB path does', async () => {
    for (const { text, filters } of questions().slice(0, 60)) {
      const query = {
        text: fulltextQueryText(text),
        expansion: 'Alibaba Cloud Aliyun Huawei',
        feedback: [{ text: 'transfer security assessment', weight: 0.3 }],
      };
      const [memory, lance] = await Promise.all([
        memoryBackend.fulltext(query, filters, 30),
        lanceBackend.fulltext(query, filters, 30),
      ]);
      expectSameList(memory, lance, 30, text);
      expect(memory.length, text).toBeGreaterThan(0);
    }
  });
});
