/**
 * Composition root: wires the corpus index, embeddings, the answer engine and the stores into one `Assistant`.
 * Surfaces and CLIs receive the result and never construct these parts themselves.
 *
 * With a local index the records are files under DATA_DIR and Slack claims live in memory; with an index on object
 * storage or LanceDB Cloud they are tables beside it, so any number of replicas can serve behind a load balancer.
 */
import { mkdir } from 'node:fs/promises';
import type { Assistant } from './assistant.js';
import type { Config } from './config.js';
import { createAnswerEngine } from './answer/engine.js';
import { openSearchableIndex } from './retrieve/searchable-index.js';
import { createEmbeddingModel } from './index/embedding/index.js';
import { connectLanceDb, isLocalUri } from './index/lancedb.js';
import type { AppendOnlyLogOptions } from './store/append-only-log.js';
import { openAnswerStore } from './store/answer-store.js';
import { memoryClaims, tableClaims } from './store/delivery-claims.js';
import { openFeedbackStore } from './store/feedback-store.js';
import type { RecordLocation } from './store/record-location.js';
import { openSharedTable } from './index/shared-table.js';

export const deliveryClaimsTable = 'slack_deliveries';

export interface AssistantParts {
  /** How the local record files are opened (tests inject a file handle that fails like a full disk). */
  recordFiles?: AppendOnlyLogOptions;
}

export async function createAssistant(config: Config, parts: AssistantParts = {}): Promise<Assistant> {
  await mkdir(config.dataDir, { recursive: true });
  const index = await openSearchableIndex({ config, embeddingModel: createEmbeddingModel(config) });
  // Every read of the shared tables must see what other replicas committed just before.
  const shared = isLocalUri(config.lancedbUri)
    ? undefined
    : await connectLanceDb(config, { readConsistencyInterval: 0 });
  const location: RecordLocation = shared
    ? { kind: 'tables', connection: shared }
    : { kind: 'files', dataDirectory: config.dataDir, fileOptions: parts.recordFiles };
  const answerStore = await openAnswerStore(location);
  const feedbackStore = await openFeedbackStore(location);
  const claims = shared ? tableClaims(await openSharedTable(shared, deliveryClaimsTable)) : memoryClaims();
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
    firstDelivery: (keys) => claims.firstTime(keys),
    close: async () => {
      await answerStore.close();
      await feedbackStore.close();
      claims.close();
      await index.close();
      shared?.close();
    },
  };
}
