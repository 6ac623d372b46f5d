/**
 * The corpus index: the LanceDB store behind retrieval. `openCorpusIndex` connects to `config.lancedbUri` (a local
 * folder or any LanceDB URI with `config.lancedbStorageOptions`), serves the active table named by the pointer, and
 * `reindex()` builds the next table and flips the pointer (see ingest.ts and manifest.ts).
 *
 * A long-running process notices ingests made by another process (`npm run ingest` while the server runs): before a
 * read it checks the pointer (at most once a second) and swaps in the new table. The previous table is kept until
 * the next ingest, so a process still reading it is not cut off.
 */
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { Connection } from '@lancedb/lancedb';
import type { DocumentSummary, IndexStatus, IngestSummary } from './index-status.js';
import type { Config } from '../config.js';
import { readCorpus } from '../corpus/read-corpus.js';
import type { Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { embeddingModelKey } from './corpus-version.js';
import { buildNewIndex, canReuse, passagesTablePrefix, type IngestProgressEvent } from './ingest.js';
import { acquireIngestLock } from './ingest-lock.js';
import { loadLanceDb } from './lancedb.js';
import {
  filePointerStore,
  isLocalUri,
  localPath,
  tablePointerStore,
  type IndexManifest,
  type ManifestDocument,
  type PointerStore,
} from './manifest.js';
import type { SearchBackend } from './search-backend.js';
import { IndexSnapshot } from './snapshot.js';

export type { IngestProgressEvent } from './ingest.js';

/** The generation searches run against, as `CorpusIndex.searchBackend()` hands it to retrieval. */
export interface ActiveBackend {
  backend: SearchBackend;
  /** False while the table was built with another embedding model: its vectors must not meet this model's queries. */
  vectorsUsable: boolean;
  /** Key of the embedding model the table's vectors were made with. */
  embeddingModel: string;
}

/** Storage only: query planning and fusion live in retrieve/, which searches through `searchBackend()`. */
export interface CorpusIndex {
  /** The active generation; throws `index_not_ready` before the first ingest. */
  searchBackend(): Promise<ActiveBackend>;
  getPassage(id: string): Promise<Passage | undefined>;
  status(): Promise<IndexStatus>;
  listDocuments(): Promise<DocumentSummary[]>;
  getDocument(id: string): Promise<{ document: DocumentSummary; passages: Passage[] } | undefined>;
  reindex(options?: { onProgress?: (event: IngestProgressEvent) => void }): Promise<IngestSummary>;
  /** Hash over the served documents' hashes, the chunker version and the embedding model ('' before the first ingest). */
  corpusVersion(): string;
  /** True when the corpus files, the chunker or the embedding model changed since the active table was built. */
  needsReindex(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenCorpusIndexOptions {
  config: Config;
  embeddingModel: EmbeddingModelV3;
}

/** How often a reader re-checks the pointer for ingests made by other processes. */
const pointerCheckIntervalMs = 1000;

export async function openCorpusIndex(options: OpenCorpusIndexOptions): Promise<CorpusIndex> {
  const { config, embeddingModel } = options;
  const lancedb = await loadLanceDb();
  const local = isLocalUri(config.lancedbUri);
  const connection: Connection = await lancedb.connect(local ? localPath(config.lancedbUri) : config.lancedbUri, {
    storageOptions: config.lancedbStorageOptions,
  });
  const pointer: PointerStore = local ? filePointerStore(localPath(config.lancedbUri)) : tablePointerStore(connection);
  const index = new LanceCorpusIndex(connection, pointer, options, local);
  await index.refresh(true);
  return index;
}

class LanceCorpusIndex implements CorpusIndex {
  private snapshot: IndexSnapshot | undefined;
  /** The snapshot replaced last; closed at the next swap so in-flight reads on it can finish. */
  private retired: IndexSnapshot | undefined;
  private stamp = '';
  private lastCheck = 0;
  private refreshing: Promise<void> | undefined;
  private ingesting: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly modelKey: string;
  private readonly config: Config;
  private readonly embeddingModel: EmbeddingModelV3;

  constructor(
    private readonly connection: Connection,
    private readonly pointer: PointerStore,
    options: OpenCorpusIndexOptions,
    private readonly local: boolean,
  ) {
    this.config = options.config;
    this.embeddingModel = options.embeddingModel;
    this.modelKey = embeddingModelKey(options.embeddingModel);
  }

  /** Re-reads the pointer (throttled unless forced) and swaps in the table it names. */
  async refresh(force = false): Promise<void> {
    if (this.closed) throw new AppError('internal', 'the corpus index is closed');
    if (!force && performance.now() - this.lastCheck < pointerCheckIntervalMs) return;
    this.refreshing ??= (async () => {
      try {
        this.lastCheck = performance.now();
        const stamp = await this.pointer.stamp();
        if (!force && stamp === this.stamp) return;
        const manifest = await this.pointer.read();
        this.stamp = stamp;
        if (!manifest || manifest.table === this.snapshot?.manifest.table) return;
        const names = await this.connection.tableNames();
        if (!names.includes(manifest.table)) return;
        await this.activate(manifest);
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  private async activate(manifest: IndexManifest): Promise<void> {
    const table = await this.connection.openTable(manifest.table);
    const next = await IndexSnapshot.open(table, manifest);
    this.retired?.close();
    this.retired = this.snapshot;
    this.snapshot = next;
  }

  private async current(): Promise<IndexSnapshot | undefined> {
    await this.refresh();
    return this.snapshot;
  }

  private async ready(): Promise<IndexSnapshot> {
    const snapshot = await this.current();
    if (!snapshot) {
      throw new AppError('index_not_ready', 'The corpus index has not been built yet; run `npm run ingest` first.');
    }
    return snapshot;
  }

  async searchBackend(): Promise<ActiveBackend> {
    const snapshot = await this.ready();
    const embeddingModel = snapshot.manifest.embeddingModel;
    return { backend: snapshot, vectorsUsable: embeddingModel === this.modelKey, embeddingModel };
  }

  async getPassage(id: string): Promise<Passage | undefined> {
    const snapshot = await this.current();
    if (!snapshot) return undefined;
    return (await snapshot.passages([id])).get(id);
  }

  async status(): Promise<IndexStatus> {
    const snapshot = await this.current();
    const manifest = snapshot?.manifest;
    return {
      ready: Boolean(snapshot),
      corpusVersion: manifest?.corpusVersion ?? '',
      documents: manifest?.documents.length ?? 0,
      passages: manifest?.passages ?? 0,
      embeddingModel: manifest?.embeddingModel ?? this.modelKey,
      table: manifest?.table ?? '',
      ...(manifest ? { indexedAt: manifest.indexedAt } : {}),
    };
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    const snapshot = await this.current();
    return (snapshot?.manifest.documents ?? []).map(toSummary);
  }

  async getDocument(id: string): Promise<{ document: DocumentSummary; passages: Passage[] } | undefined> {
    const snapshot = await this.current();
    const document = snapshot?.manifest.documents.find((candidate) => candidate.id === id);
    if (!snapshot || !document) return undefined;
    return { document: toSummary(document), passages: await snapshot.documentPassages(id) };
  }

  corpusVersion(): string {
    return this.snapshot?.manifest.corpusVersion ?? '';
  }

  async needsReindex(): Promise<boolean> {
    await this.refresh(true);
    const manifest = this.snapshot?.manifest;
    if (!canReuse(manifest, this.modelKey)) return true;
    const { documents } = await readCorpus(this.config.corpusDir);
    if (documents.length !== manifest.documents.length) return true;
    const indexed = new Map(manifest.documents.map((document) => [document.id, document.contentHash]));
    return documents.some((document) => indexed.get(document.metadata.id) !== document.contentHash);
  }

  reindex(options: { onProgress?: (event: IngestProgressEvent) => void } = {}): Promise<IngestSummary> {
    const run = this.ingesting.then(() => this.runIngest(options));
    this.ingesting = run.catch(() => {});
    return run;
  }

  private async runIngest(options: { onProgress?: (event: IngestProgressEvent) => void }): Promise<IngestSummary> {
    if (this.closed) throw new AppError('internal', 'the corpus index is closed');
    const release = this.local ? await acquireIngestLock(localPath(this.config.lancedbUri)) : async () => {};
    try {
      const previous = await this.pointer.read();
      const { manifest, summary } = await buildNewIndex({
        connection: this.connection,
        config: this.config,
        embeddingModel: this.embeddingModel,
        previous,
        onProgress: options.onProgress,
      });
      await this.pointer.write(manifest);
      this.stamp = await this.pointer.stamp();
      this.lastCheck = performance.now();
      await this.activate(manifest);
      await this.dropOldTables([manifest.table, previous?.table]);
      return summary;
    } finally {
      await release();
    }
  }

  /** Drops passages tables other than the active and the previous one (also leftovers of crashed ingests). */
  private async dropOldTables(keep: (string | undefined)[]): Promise<void> {
    const names = await this.connection.tableNames();
    for (const name of names) {
      if (!name.startsWith(passagesTablePrefix) || keep.includes(name)) continue;
      if (name === this.retired?.manifest.table) {
        this.retired.close();
        this.retired = undefined;
      }
      await this.connection.dropTable(name).catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.ingesting;
    this.closed = true;
    this.snapshot?.close();
    this.retired?.close();
    this.snapshot = undefined;
    this.retired = undefined;
    this.connection.close();
  }
}

function toSummary(document: ManifestDocument): DocumentSummary {
  const { sourcePath: _sourcePath, contentHash: _contentHash, ...summary } = document;
  return summary;
}
