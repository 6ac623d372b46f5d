/**
 * The one seam every surface uses: `createAssistant(config)` wires the corpus index, retrieval and the answer engine.
 * Surfaces (HTTP, widget, Slack, batch, CLI) receive an `Assistant` and never reach past it.
 */
import type { AnswerRecord, SourcePassage } from './answer/record.js';
import type { Config } from './config.js';
import type { Passage } from './corpus/types.js';
import type { DocumentSummary, IndexStatus, IngestSummary } from './index/index-status.js';
import type { SearchFilters, SearchOptions, SearchResult } from './retrieve/types.js';

export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AskOptions {
  /** Strict: only passages that match are retrieved (`vendor` keeps only passages tagged with the vendor). */
  filters?: SearchFilters;
  /**
   * A vendor the question is about although it may not name it (a questionnaire's Vendor column): its passages and
   * the law they cite are added to the evidence as for a question that names it, and nothing is filtered out.
   */
  vendorContext?: string;
  /** Passages retrieved and shown to the model. */
  k?: number;
  /** Model id override (`local`, `openai:<model>`). */
  model?: string;
  /** Earlier turns, oldest first; a follow-up is rewritten into a standalone question before retrieval. */
  history?: ConversationTurn[];
  signal?: AbortSignal;
  /**
   * Called once the answer is computed, while its record is being made durable: a caller with more CPU work (the
   * batch's answer workers) starts it then rather than idling through the fsync. The answer is not yet saved.
   */
  onComputed?: () => void;
  /** Which surface asked: stored with the record. */
  surface?: 'api' | 'chat' | 'widget' | 'slack' | 'batch' | 'cli' | 'eval';
}

export type AnswerEvent =
  | { type: 'status'; phase: 'retrieving' | 'generating' | 'verifying' }
  /** The numbered passages shown to the model, in marker order ([1] is the first). */
  | { type: 'sources'; passages: SourcePassage[] }
  | { type: 'text-delta'; delta: string }
  /** The final, verified record; its `answer` may differ from the streamed text (unknown markers removed). */
  | { type: 'answer'; record: AnswerRecord };

export interface AnswerStream extends AsyncIterable<AnswerEvent> {
  /** Resolves with the final record once the stream is done (also when nobody iterates). */
  record: Promise<AnswerRecord>;
}

export interface Feedback {
  answerId: string;
  rating: 'up' | 'down';
  comment?: string;
  source: 'widget' | 'slack' | 'api';
  user?: string;
}

export type { DocumentSummary, IndexStatus, IngestSummary } from './index/index-status.js';

export interface Assistant {
  readonly config: Config;
  ask(question: string, options?: AskOptions): Promise<AnswerRecord>;
  askStream(question: string, options?: AskOptions): AnswerStream;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  reindex(options?: {
    onProgress?: (event: { done: number; total: number; path?: string }) => void;
    /** How long to wait for another process's ingest to release the index (default: until a dead one's lock is stale). */
    waitMs?: number;
  }): Promise<IngestSummary>;
  status(): Promise<IndexStatus>;
  /** True when corpus files, the chunker or the embedding model changed since the active index was built. */
  needsReindex(): Promise<boolean>;
  listDocuments(): Promise<DocumentSummary[]>;
  getDocument(id: string): Promise<{ document: DocumentSummary; passages: Passage[] } | undefined>;
  getPassage(id: string): Promise<Passage | undefined>;
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  saveFeedback(feedback: Feedback): Promise<{ id: string; createdAt: string }>;
  /**
   * Claims a delivery (Slack event, command or click) by its keys: true for the one caller, on any replica sharing
   * the store, that claims any of them first. A redelivery gets false and is not answered again.
   */
  firstDelivery(keys: string[]): Promise<boolean>;
  close(): Promise<void>;
}
