import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forgetLoadedGloveVectors,
  GloveSifEmbeddingModel,
  loadGloveVectors,
  sifWeight,
} from '../../src/index/embedding/glove-sif.js';

// A small vocabulary keeps the one-time build short; the format and the code path are the same as the default's.
const vocabularySize = 30_000;
let cacheDirectory: string;

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

beforeAll(async () => {
  cacheDirectory = await mkdtemp(path.join(os.tmpdir(), 'glove-cache-'));
});

afterAll(async () => {
  forgetLoadedGloveVectors();
  await rm(cacheDirectory, { recursive: true, force: true });
});

describe('GloVe-SIF embedding model', () => {
  it('builds the vector cache once and reuses the file afterwards', async () => {
    const first = await loadGloveVectors({ cacheDirectory, vocabularySize });
    expect(first.built).toBe(true);
    expect(first.index.size).toBe(vocabularySize);
    expect(first.vectors).toHaveLength(vocabularySize * 100);
    expect(await readdir(cacheDirectory)).toEqual([path.basename(first.cachePath)]);
    const written = await stat(first.cachePath);

    forgetLoadedGloveVectors();
    const second = await loadGloveVectors({ cacheDirectory, vocabularySize });
    expect(second.built).toBe(false);
    expect(second.cachePath).toBe(first.cachePath);
    expect((await stat(second.cachePath)).mtimeMs).toBe(written.mtimeMs);
    expect(second.index.get('cloud')).toBe(first.index.get('cloud'));
    expect(Array.from(second.vectors.subarray(0, 200))).toEqual(Array.from(first.vectors.subarray(0, 200)));
    expect(Array.from(second.commonComponent)).toEqual(Array.from(first.commonComponent));
  });

  it('reads a cache from the shared folder when the data directory has none', async () => {
    const emptyDataDirectory = await mkdtemp(path.join(os.tmpdir(), 'glove-empty-'));
    try {
      forgetLoadedGloveVectors();
      const loaded = await loadGloveVectors({
        cacheDirectory: emptyDataDirectory,
        sharedCacheDirectory: cacheDirectory,
        vocabularySize,
      });
      expect(loaded.built).toBe(false);
      expect(loaded.cachePath.startsWith(cacheDirectory)).toBe(true);
      expect(await readdir(emptyDataDirectory)).toEqual([]);
    } finally {
      await rm(emptyDataDirectory, { recursive: true, force: true });
    }
  });

  it('weights frequent words down (SIF)', () => {
    expect(sifWeight(0)).toBeLessThan(0.05);
    expect(sifWeight(20_000)).toBeGreaterThan(0.9);
  });

  it('puts "cloud provider" closer to "hosting service" than to "football match"', async () => {
    const model = new GloveSifEmbeddingModel({ cacheDirectory, vocabularySize });
    const [provider, hosting, football] = await model.embed(['cloud provider', 'hosting service', 'football match']);
    expect(cosine(provider!, hosting!)).toBeGreaterThan(cosine(provider!, football!) + 0.2);
  });

  it('relates paraphrases without shared words', async () => {
    const model = new GloveSifEmbeddingModel({ cacheDirectory, vocabularySize });
    const [question, answer, unrelated] = await model.embed([
      'Can the government compel companies to assist intelligence agencies?',
      'Organisations and citizens shall support and cooperate with national intelligence work.',
      'The recipe needs flour, butter and two eggs.',
    ]);
    expect(cosine(question!, answer!)).toBeGreaterThan(cosine(question!, unrelated!));
  });

  it('is deterministic, unit length, and names its dimensions', async () => {
    const model = new GloveSifEmbeddingModel({ cacheDirectory, vocabularySize });
    expect(model.modelId).toBe('glove-sif-100d-top30000-v1');
    expect(new GloveSifEmbeddingModel({ cacheDirectory }).modelId).toBe('glove-sif-100d-v1');
    const text = 'Data handlers must store personal information within the territory.';
    const first = await model.doEmbed({ values: [text] });
    const second = await new GloveSifEmbeddingModel({ cacheDirectory, vocabularySize }).doEmbed({ values: [text] });
    expect(first.embeddings[0]).toHaveLength(100);
    expect(second.embeddings[0]).toEqual(first.embeddings[0]);
    expect(Math.hypot(...first.embeddings[0]!)).toBeCloseTo(1, 5);
  });

  it('returns a zero vector for text without known words', async () => {
    const model = new GloveSifEmbeddingModel({ cacheDirectory, vocabularySize });
    const [vector] = await model.embed(['数据安全法']);
    expect(vector).toHaveLength(100);
    expect(vector!.every((value) => value === 0)).toBe(true);
  });
});
