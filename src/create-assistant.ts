/**
 * Composition root: wires the corpus index, embeddings, the answer engine and the stores into one `Assistant`.
 * Surfaces and CLIs receive the result and never construct these parts themselves.
 */
import { mkdir } from 'node:fs/promises';
import type { Assistant } from './assistant.js';
import type { Config } from './config.js';
import { createAnswerEngine } from './answer/engine.js';
import { openSearchableIndex } from './retrieve/searchable-index.js';
import { createEmbeddingModel } from './index/embedding/index.js';
import { openAnswerStore } from './store/answer-store.js';
import { openFeedbackStore } from './store/feedback-store.js';

export async function createAssistant(config: Config): Promise<Assistant> {
  await mkdir(config.dataDir, { recursive: true });
  const index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
  const answerStore = await openAnswerStore(config.dataDir);
  const feedbackStore = await openFeedbackStore(config.dataDir);
  const engine = createAnswerEngine({
    config,
    retriever: index,
    corpusVersion: () => index.corpusVersion(),
    answerStore,
  });

  return {
    config,
    ask: (question, options) => engine.ask(question, options),
    askStream: (question, options) => engine.askStream(question, options),
    search: (query, options) => index.search(query, options),
    reindex: (options) => index.reindex(options),
    status: () => index.status(),
    needsReindex: () => index.needsReindex(),
    listDocuments: () => index.listDocuments(),
    getDocument: (id) => index.getDocument(id),
    getPassage: (id) => index.getPassage(id),
    getAnswer: (id) => answerStore.get(id),
    saveFeedback: (feedback) => feedbackStore.append(feedback),
    close: async () => {
      await answerStore.close();
      await feedbackStore.close();
      await index.close();
    },
  };
}
