/**
 * Embedding models by config id: `local` (the offline default), `local:glove`, `local:hash[-<dimensions>]` and
 * `openai:<model>[@<dimensions>]`. Every model's `modelId` names it exactly, dimensions included, because the index
 * records it and re-embeds when it changes; `dimensions` is there for building the vector column.
 *
 * `local` is the candidate that measured best on the golden questions (evals/embedding-comparison.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { GloveSifEmbeddingModel } from './glove-sif.js';
import { HashingEmbeddingModel } from './hashing.js';
import { OpenAIEmbeddingModel } from './openai.js';

export { GloveSifEmbeddingModel, loadGloveVectors } from './glove-sif.js';
export { HashingEmbeddingModel } from './hashing.js';
export { OpenAIEmbeddingModel } from './openai.js';

/** An AI SDK embedding model that also states its vector length when it is known before the first call. */
export type EmbeddingModel = EmbeddingModelV3 & { readonly dimensions?: number };

/** What `local` resolves to. */
export const defaultLocalEmbeddingModel = 'local:hash';

/** The offline candidates compared by evals/embedding-comparison.ts. */
export const localEmbeddingModelIds = ['local:glove', 'local:hash'] as const;

/**
 * 256 dimensions measured the same hybrid recall on the golden questions as 1024 (at dense weight 0.1) and a quarter
 * of the exact scan's time at 100k passages.
 */
export const defaultHashingDimensions = 256;

/** Where local models keep derived files (the GloVe cache). */
export function embeddingCacheDirectory(config: Config): string {
  return path.join(config.dataDir, 'embeddings');
}

/** The machine-wide copy of derived files, next to the installed packages they are derived from. */
export const sharedEmbeddingCacheDirectory = fileURLToPath(
  new URL('../../../node_modules/.cache/vendor-diligence/embeddings/', import.meta.url),
);

export function createEmbeddingModel(config: Config, modelId: string = config.embeddingModel): EmbeddingModel {
  const id = modelId.trim() === 'local' ? defaultLocalEmbeddingModel : modelId.trim();
  if (id === 'local:glove')
    return new GloveSifEmbeddingModel({
      cacheDirectory: embeddingCacheDirectory(config),
      sharedCacheDirectory: sharedEmbeddingCacheDirectory,
    });
  const hashing = /^local:hash(?:-(\d+))?$/.exec(id);
  if (hashing) {
    const dimensions = hashing[1] ? Number(hashing[1]) : defaultHashingDimensions;
    try {
      return new HashingEmbeddingModel({ dimensions });
    } catch (error) {
      throw new AppError('invalid_config', `EMBEDDING_MODEL ${modelId}: ${(error as Error).message}`, { cause: error });
    }
  }
  const remote = /^openai:([^@\s]+)(?:@(\d+))?$/.exec(id);
  if (remote) {
    return new OpenAIEmbeddingModel({
      model: remote[1]!,
      dimensions: remote[2] ? Number(remote[2]) : undefined,
      apiKey: config.openai.apiKey,
      baseUrl: config.openai.baseUrl,
      maxRetries: config.modelMaxRetries,
      timeoutMs: config.modelTimeoutMs,
    });
  }
  throw new AppError(
    'invalid_config',
    `EMBEDDING_MODEL "${modelId}" is unknown: use local, local:glove, local:hash, local:hash-<dimensions> or openai:<model>`,
  );
}
