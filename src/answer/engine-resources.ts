/**
 * What every answer reads and the engine loads once: the vendor names, the field vocabulary, the corpus' word
 * statistics (again when the corpus version changes) and the answer models by id.
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Config } from '../config.js';
import { createLanguageModel } from '../models/language-model.js';
import { loadVendorAliases, type VendorAliases } from '../retrieve/aliases.js';
import type { Retriever } from '../retrieve/types.js';
import { isPassageSource, readCorpusStatistics, type CorpusStatistics } from './corpus-statistics.js';
import { loadFieldVocabulary, type FieldVocabulary } from './field-vocabulary.js';

export type KnownVendors = Pick<VendorAliases, 'vendors' | 'expandQuery'>;

export interface EngineResourceOptions {
  config: Config;
  retriever: Retriever;
  corpusVersion: () => string;
  /** Models by id that take precedence over `createLanguageModel` (tests, custom deployments). */
  models?: Record<string, LanguageModelV3>;
  /** Vendor names for questions about a vendor; loaded from the corpus directory when not given. */
  vendorAliases?: KnownVendors;
  /** The field vocabulary; loaded from the corpus directory (field-vocabulary.yaml) when not given. */
  vocabulary?: FieldVocabulary;
}

export interface EngineResources {
  /** Undefined without an aliases file: questions then get the general search alone rather than fail. */
  vendorAliases(): Promise<KnownVendors | undefined>;
  vocabulary(): Promise<FieldVocabulary>;
  /** Word rarity over the whole corpus, when the retriever can list every passage. */
  corpusStatistics(): Promise<CorpusStatistics | undefined>;
  model(modelId: string): LanguageModelV3;
}

export function createEngineResources(options: EngineResourceOptions): EngineResources {
  const { config, retriever, corpusVersion } = options;
  const models = new Map<string, LanguageModelV3>(Object.entries(options.models ?? {}));
  let aliases: Promise<KnownVendors | undefined> | undefined;
  let vocabulary: Promise<FieldVocabulary> | undefined;
  let statistics: { version: string; value: Promise<CorpusStatistics | undefined> } | undefined;
  return {
    vendorAliases: () =>
      (aliases ??= options.vendorAliases
        ? Promise.resolve(options.vendorAliases)
        : loadVendorAliases(config.corpusDir).catch(() => undefined)),
    vocabulary: () =>
      (vocabulary ??= options.vocabulary ? Promise.resolve(options.vocabulary) : loadFieldVocabulary(config.corpusDir)),
    corpusStatistics: () => {
      const version = corpusVersion();
      if (statistics?.version !== version) {
        const value = isPassageSource(retriever)
          ? readCorpusStatistics(retriever).catch(() => undefined)
          : Promise.resolve(undefined);
        statistics = { version, value };
      }
      return statistics.value;
    },
    model: (modelId) => {
      let model = models.get(modelId);
      if (!model) {
        model = createLanguageModel(config, modelId);
        models.set(modelId, model);
      }
      return model;
    },
  };
}
