import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import {
  createEmbeddingModel,
  defaultLocalEmbeddingModel,
  GloveSifEmbeddingModel,
  HashingEmbeddingModel,
} from '../../src/index/embedding/index.js';

describe('createEmbeddingModel', () => {
  const config = testConfig({ DATA_DIR: '/tmp/embedding-models-test' });

  it('resolves local to the measured default', () => {
    const model = createEmbeddingModel(config);
    const explicit = createEmbeddingModel(config, defaultLocalEmbeddingModel);
    expect(model.modelId).toBe(explicit.modelId);
    expect(model.provider).toBe('local');
  });

  it('builds each local candidate with an exact model id', () => {
    expect(createEmbeddingModel(config, 'local:glove')).toBeInstanceOf(GloveSifEmbeddingModel);
    expect(createEmbeddingModel(config, 'local:glove').modelId).toBe('glove-sif-100d-v1');
    expect(createEmbeddingModel(config, 'local:hash')).toBeInstanceOf(HashingEmbeddingModel);
    expect(createEmbeddingModel(config, 'local:hash').modelId).toBe('hash-256-v1');
    expect(createEmbeddingModel(config, 'local:hash-1024').modelId).toBe('hash-1024-v1');
    expect(createEmbeddingModel(config, 'local:hash-256').modelId).toBe('hash-256-v1');
    expect(createEmbeddingModel(config, 'local:hash-256').dimensions).toBe(256);
  });

  it('rejects unknown ids and bad dimensions with invalid_config', () => {
    for (const id of ['local:bert', 'local:hash-300', 'cohere:embed']) {
      let caught: unknown;
      try {
        createEmbeddingModel(config, id);
      } catch (error) {
        caught = error;
      }
      expect(AppError.isInstance(caught) && caught.code).toBe('invalid_config');
    }
  });
});
