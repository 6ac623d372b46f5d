/**
 * A tiny deterministic embedding model for index and retrieval tests: hashed bag of lowercase words (and CJK
 * bigrams), so texts sharing words get similar vectors. It records every value it embeds and can be told to fail
 * after a number of calls, to simulate a model dying in the middle of an ingest.
 */
import type { EmbeddingModelV3, EmbeddingModelV3Result } from '@ai-sdk/provider';

export class TestEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'test';
  readonly modelId: string;
  /** Values per model call; `embedMany` splits larger batches into several calls. */
  maxEmbeddingsPerCall = 64;
  readonly supportsParallelCalls = false;
  readonly embedded: string[] = [];
  calls = 0;
  failAfterCalls: number | undefined;

  constructor(
    readonly dimensions = 64,
    name = 'bag-of-words',
  ) {
    this.modelId = `${name}-${dimensions}`;
  }

  vector(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    const words = text.toLowerCase().match(/[\p{Script=Han}]{2}|[a-z0-9]{3,}/gu) ?? [];
    for (const word of words) {
      let hash = 2166136261;
      for (let index = 0; index < word.length; index += 1) hash = Math.imul(hash ^ word.charCodeAt(index), 16777619);
      vector[(hash >>> 0) % this.dimensions]! += hash & 1 ? 1 : -1;
    }
    return vector;
  }

  async doEmbed(options: { values: string[] }): Promise<EmbeddingModelV3Result> {
    this.calls += 1;
    if (this.failAfterCalls !== undefined && this.calls > this.failAfterCalls) {
      throw new Error('embedding service went away');
    }
    this.embedded.push(...options.values);
    return { embeddings: options.values.map((value) => this.vector(value)), warnings: [] };
  }

  reset(): void {
    this.embedded.length = 0;
    this.calls = 0;
    this.failAfterCalls = undefined;
    this.maxEmbeddingsPerCall = 64;
  }
}
