import { describe, expect, it } from 'vitest';
import { HashingEmbeddingModel } from '../../src/index/embedding/hashing.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe('feature-hashing embedding model', () => {
  it('names its dimensions in its model id and returns unit vectors of that length', async () => {
    const model = new HashingEmbeddingModel({ dimensions: 512 });
    expect(model.provider).toBe('local');
    expect(model.modelId).toBe('hash-512-v1');
    const { embeddings } = await model.doEmbed({ values: ['Cross-border transfers of personal information'] });
    expect(embeddings[0]).toHaveLength(512);
    expect(Math.hypot(...embeddings[0]!)).toBeCloseTo(1, 5);
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'Network operators shall provide technical support to public security organs.';
    const first = await new HashingEmbeddingModel().doEmbed({ values: [text] });
    const second = await new HashingEmbeddingModel().doEmbed({ values: [text, text] });
    expect(second.embeddings[0]).toEqual(first.embeddings[0]);
    expect(second.embeddings[1]).toEqual(first.embeddings[0]);
  });

  it('places texts sharing words and word forms closer than unrelated texts', async () => {
    const model = new HashingEmbeddingModel();
    const { embeddings } = await model.doEmbed({
      values: ['encryption of stored data', 'data is stored encrypted', 'the football match ended in a draw'],
    });
    const [query, related, unrelated] = embeddings as [number[], number[], number[]];
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it('embeds Chinese text through character bigrams', async () => {
    const model = new HashingEmbeddingModel();
    const { embeddings } = await model.doEmbed({ values: ['数据安全法', '数据安全', '网络安全法'] });
    const [law, phrase, other] = embeddings as [number[], number[], number[]];
    expect(Math.hypot(...law)).toBeCloseTo(1, 5);
    expect(cosine(law, phrase)).toBeGreaterThan(cosine(phrase, other));
  });

  it('rejects dimensions that are not a power of two', () => {
    expect(() => new HashingEmbeddingModel({ dimensions: 1000 })).toThrow(/power of two/);
  });
});
