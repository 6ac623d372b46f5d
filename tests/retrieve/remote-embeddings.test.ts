/**
 * With `EMBEDDING_MODEL=openai:<model>` the planned search fuses that model's vectors with full text, as equals: a
 * passage that shares no word with the question but means the same thing is found. The model is served by a local
 * OpenAI-compatible server over real HTTP whose vectors put words of one meaning on one axis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingModel } from '../../src/index/embedding/index.js';
import { defaultDenseWeight, openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { createFixtureCorpus, type FixtureCorpus } from '../index/fixture-corpus.js';

/** Words about being abroad share one axis; a text without any lies on another, so it shares nothing with them. */
const abroad = new Set(['overseas', 'abroad', 'outside', 'territory', 'foreign', 'cross-border']);

function meaningVector(input: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const count = (input.toLowerCase().match(/[a-z-]+/g) ?? []).filter((word) => abroad.has(word)).length;
  vector[count > 0 ? 0 : 1] = 1;
  return vector;
}

describe('remote embeddings in the planned search', () => {
  let server: FakeOpenAIServer;
  let corpus: FixtureCorpus;
  let index: SearchableIndex;
  const question = 'Can customer records be shipped overseas?';
  const target = 'pipl-2021#art-38';

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
    server.embed = meaningVector;
    corpus = await createFixtureCorpus({
      EMBEDDING_MODEL: 'openai:text-embedding-3-small@32',
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'test-key',
      MODEL_MAX_RETRIES: '0',
    });
    // Twelve notes that share the question's words but not its meaning fill the full-text list, so only a vector
    // list fused as an equal can lift the passage that answers it into the top 10.
    for (let note = 1; note <= 12; note++) {
      await corpus.write(
        `notes/note-${note}.md`,
        [
          '---',
          `id: records-note-${note}`,
          `title: Customer records note ${note}`,
          'publisher: Records Office',
          'url: https://records.invalid/',
          'jurisdiction: INTL',
          'type: guidance',
          'published: 2024-01-01',
          'as_of: 2025-12-01',
          'language: en',
          '---',
          '',
          `Customer records can be kept for ${note} years; customer records are shipped to the archive room.`,
          '',
        ].join('\n'),
      );
    }
    index = await openSearchableIndex({ config: corpus.config, embeddingModel: createEmbeddingModel(corpus.config) });
    await index.reindex();
  });

  afterAll(async () => {
    await index?.close();
    await corpus?.cleanup();
    await server?.close();
  });

  it('fuses a remote model as an equal of full text by default', () => {
    expect(defaultDenseWeight(createEmbeddingModel(corpus.config))).toBe(1);
  });

  it('finds through the remote vectors a passage that shares no word with the question', async () => {
    const fulltext = await index.search(question, { method: 'fulltext' });
    expect(fulltext.hits.map((hit) => hit.passage.id)).not.toContain(target);

    server.requests.length = 0;
    const hybrid = await index.search(question);
    expect(hybrid.method).toBe('hybrid');
    expect(server.requests.some((request) => request.path.endsWith('/embeddings'))).toBe(true);
    const rank = hybrid.hits.findIndex((hit) => hit.passage.id === target);
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(3);
    expect(hybrid.hits[rank]!.vectorRank).toBeLessThanOrEqual(3);
    expect(hybrid.hits[rank]!.fulltextRank).toBeUndefined();
  });

  it('answers from full text when the embedding server fails, and says so', async () => {
    server.embed = () => {
      throw new Error('embedding backend down');
    };
    try {
      const result = await index.search(question);
      expect(result.method).toBe('fulltext');
      expect(result.hits.map((hit) => hit.passage.id)).not.toContain(target);
    } finally {
      server.embed = meaningVector;
    }
  });
});
