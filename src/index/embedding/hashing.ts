/**
 * Feature-hashing embedding: words, word bigrams and character trigrams hashed with a sign into a fixed number of
 * dimensions (Weinberger et al. 2009). No vocabulary and no training, so it works on any text including Chinese
 * (Han bigrams), and it is deterministic. It is a lexical signal with some tolerance for inflection (trigrams), not
 * a semantic one.
 */
import type { EmbeddingModelV3, EmbeddingModelV3Result } from '@ai-sdk/provider';
import { hanBigrams, stopWords, tokenize } from '../../text/tokens.js';

export interface HashingEmbeddingOptions {
  /** Vector length; a power of two keeps the bucket arithmetic a mask. */
  dimensions?: number;
}

const version = 'v1';
const bigramWeight = 0.5;
const trigramWeight = 0.2;

/** FNV-1a over UTF-16 code units with a murmur3 finaliser, so nearby strings spread over all bits. */
function hash32(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class HashingEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'local';
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxEmbeddingsPerCall = Infinity;
  readonly supportsParallelCalls = true;
  private readonly mask: number;

  constructor(options: HashingEmbeddingOptions = {}) {
    const dimensions = options.dimensions ?? 1024;
    if (!Number.isInteger(Math.log2(dimensions)) || dimensions < 16) {
      throw new RangeError(`hashing dimensions must be a power of two >= 16, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.mask = dimensions - 1;
    this.modelId = `hash-${dimensions}-${version}`;
  }

  embed(text: string): Float32Array {
    const counts = new Float64Array(this.dimensions);
    const add = (feature: string, weight: number) => {
      const hash = hash32(feature, 0);
      // The top bit decides the sign so that collisions cancel out on average instead of piling up.
      counts[hash & this.mask]! += hash & 0x80000000 ? -weight : weight;
    };
    let previous: string | undefined;
    for (const token of tokenize(text)) {
      if (token.han) {
        for (const bigram of hanBigrams(token.text)) add(bigram, 1);
        previous = undefined;
        continue;
      }
      if (stopWords.has(token.text)) {
        previous = undefined;
        continue;
      }
      add(token.text, 1);
      if (previous !== undefined) add(`${previous} ${token.text}`, bigramWeight);
      previous = token.text;
      const padded = `<${token.text}>`;
      if (padded.length > 5)
        for (let index = 0; index + 3 <= padded.length; index++)
          add(`#${padded.slice(index, index + 3)}`, trigramWeight);
    }
    const vector = new Float32Array(this.dimensions);
    let norm = 0;
    for (let index = 0; index < this.dimensions; index++) {
      const count = counts[index]!;
      // Sublinear term frequency: a word repeated ten times is not ten times as telling.
      const value = count === 0 ? 0 : Math.sign(count) * Math.log1p(Math.abs(count));
      vector[index] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let index = 0; index < this.dimensions; index++) vector[index]! *= scale;
    }
    return vector;
  }

  async doEmbed(options: { values: string[] }): Promise<EmbeddingModelV3Result> {
    return {
      embeddings: options.values.map((value) => Array.from(this.embed(value))),
      warnings: [],
    };
  }
}
