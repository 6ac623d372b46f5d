/**
 * Retrieval over the corpus index: each search asks the index for its active generation, reads the vendor aliases
 * that generation was built with, and runs the planned hybrid search over it. `openSearchableIndex` gives the index
 * and its retriever as one object, what the assistant and the command line serve.
 */
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { openCorpusIndex, type CorpusIndex, type OpenCorpusIndexOptions } from '../index/corpus-index.js';
import { embeddingModelKey } from '../index/corpus-version.js';
import type { SearchBackend } from '../index/search-backend.js';
import { loadVendorAliases, type VendorAliases } from './aliases.js';
import { hybridSearch } from './hybrid-search.js';
import type { Retriever, SearchOptions, SearchResult } from './types.js';

/**
 * Weight of the vector list (full text has 1) when the config sets none. The local hashing vectors are a weak signal:
 * on the golden questions 0.1 measured best, and on ObliQA dev higher weights lost MAP@10 (evals/ablation.ts). A
 * remote embedding model is fused as an equal, the usual reciprocal-rank fusion, so a passage only it finds can
 * reach the top 10, and by rank, since nothing is known of how its similarities spread.
 */
export const defaultDenseWeights = { local: 0.1, remote: 1 };

/** Remote models (an OpenAI-compatible server) are fused as equals; local and test models keep the local weight. */
export function defaultDenseWeight(embeddingModel: Pick<EmbeddingModelV3, 'provider'>): number {
  return isRemote(embeddingModel) ? defaultDenseWeights.remote : defaultDenseWeights.local;
}

const isRemote = (embeddingModel: Pick<EmbeddingModelV3, 'provider'>) => embeddingModel.provider === 'openai';

export interface RetrieverOptions {
  embeddingModel: EmbeddingModelV3;
  /** Folder of the aliases file (the corpus folder). */
  corpusDir: string;
  /** Weight of the vector list in hybrid fusion (full text has 1); by default chosen for the embedding model. */
  denseWeight?: number;
  /** Pseudo-relevance feedback on hybrid search's full-text list (hybrid-search.ts `feedbackSettings`). */
  feedback?: boolean;
  /** Term proximity on hybrid search's full-text list (hybrid-search.ts `proximitySettings`). */
  proximity?: boolean;
  maxRetries?: number;
}

export function createRetriever(
  index: Pick<CorpusIndex, 'searchBackend' | 'getPassage'>,
  options: RetrieverOptions,
): Retriever {
  const denseWeight = options.denseWeight ?? defaultDenseWeight(options.embeddingModel);
  // The aliases are re-read once per index generation: an ingest is when the aliases file is picked up.
  const aliasesByGeneration = new WeakMap<SearchBackend, Promise<VendorAliases | undefined>>();
  const aliasesFor = (backend: SearchBackend) => {
    let aliases = aliasesByGeneration.get(backend);
    if (!aliases) {
      // A broken aliases file is reported by ingest; search still works, without alias expansion.
      aliases = loadVendorAliases(options.corpusDir).catch(() => undefined);
      aliasesByGeneration.set(backend, aliases);
    }
    return aliases;
  };
  return {
    async search(query: string, searchOptions: SearchOptions = {}): Promise<SearchResult> {
      const { backend, vectorsUsable, embeddingModel } = await index.searchBackend();
      // Vectors of another model are never compared with this model's query vectors: until the reindex, full text only.
      if (!vectorsUsable && searchOptions.method === 'vector') {
        throw new AppError(
          'index_not_ready',
          `The index was built with embedding model ${embeddingModel}; reindex for ${embeddingModelKey(options.embeddingModel)}.`,
        );
      }
      return hybridSearch(
        {
          backend,
          embeddingModel: options.embeddingModel,
          aliases: await aliasesFor(backend),
          denseWeight: vectorsUsable ? denseWeight : 0,
          ...(isRemote(options.embeddingModel) ? { fusionMode: 'rrf' as const } : {}),
          feedback: options.feedback ?? false,
          proximity: options.proximity ?? false,
          maxRetries: options.maxRetries,
        },
        query,
        searchOptions,
      );
    },
    getPassage: (id: string): Promise<Passage | undefined> => index.getPassage(id),
  };
}

export type SearchableIndex = CorpusIndex & Retriever;

/** Opens the corpus index with retrieval over it; `denseWeight` defaults to `config.searchDenseWeight`. */
export async function openSearchableIndex(
  options: OpenCorpusIndexOptions & { denseWeight?: number },
): Promise<SearchableIndex> {
  const index = await openCorpusIndex(options);
  const retriever = createRetriever(index, {
    embeddingModel: options.embeddingModel,
    corpusDir: options.config.corpusDir,
    denseWeight: options.denseWeight ?? options.config.searchDenseWeight,
    feedback: options.config.searchFeedback,
    proximity: options.config.searchProximity,
    maxRetries: options.config.modelMaxRetries,
  });
  return {
    searchBackend: () => index.searchBackend(),
    getPassage: (id) => index.getPassage(id),
    status: () => index.status(),
    listDocuments: () => index.listDocuments(),
    getDocument: (id) => index.getDocument(id),
    reindex: (reindexOptions) => index.reindex(reindexOptions),
    corpusVersion: () => index.corpusVersion(),
    needsReindex: () => index.needsReindex(),
    close: () => index.close(),
    search: (query, searchOptions) => retriever.search(query, searchOptions),
  };
}
