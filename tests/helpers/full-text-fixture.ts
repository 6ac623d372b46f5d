/**
 * One guide indexed in a fixture corpus (real LanceDB in a temp folder) at dense weight 0, so only the full-text
 * lists decide a hybrid search, beside a retriever over the same index with the options a test turns on (feedback,
 * proximity): what such an option changes in the ranking is then visible.
 */
import { createRetriever, openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import type { Retriever } from '../../src/retrieve/types.js';
import { createFixtureCorpus, type FixtureCorpus } from '../index/fixture-corpus.js';
import { TestEmbeddingModel } from '../index/test-embedding-model.js';

export interface FullTextFixture {
  corpus: FixtureCorpus;
  /** The index with the configured retrieval (every option off). */
  index: SearchableIndex;
  /** The same index with `options` on. */
  retriever: Retriever;
  cleanup(): Promise<void>;
}

export async function openFullTextFixture(
  file: string,
  text: string,
  options: { feedback?: boolean; proximity?: boolean },
): Promise<FullTextFixture> {
  const corpus = await createFixtureCorpus({ SEARCH_DENSE_WEIGHT: '0' });
  await corpus.write(file, text);
  const embeddingModel = new TestEmbeddingModel();
  const index = await openSearchableIndex({ config: corpus.config, embeddingModel });
  await index.reindex();
  const retriever = createRetriever(index, { embeddingModel, corpusDir: corpus.corpusDir, denseWeight: 0, ...options });
  return {
    corpus,
    index,
    retriever,
    async cleanup() {
      await index.close();
      await corpus.cleanup();
    },
  };
}
