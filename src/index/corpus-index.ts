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
import { corpusChanged } from './corpus-fingerprint.js';
import { embeddingModelKey } from './corpus-version.js';
import { buildNewIndex, canReuse, passagesTablePrefix, type IngestProgressEvent } from './ingest.js';
import { acquireIngestLease, ingestLeaseTable } from './ingest-lease.js';
import { acquireIngestLock } from './ingest-lock.js';
import { connectLanceDb, isLocalUri, localPath } from './lancedb.js';
import {
  filePointerStore,
  isTableNotFound,
  tablePointerStore,
  type IndexManifest,
  type ManifestDocument,
  type PointerStore,
} from './manifest.js';
import type { SearchBackend } from './search-backend.js';
import { openSharedTable, type SharedTable } from './shared-table.js';
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
  reindex(options?: ReindexOptions): Promise<IngestSummary>;
  /** Hash over the served documents' hashes, the chunker version and the embedding model ('' before the first ingest). */
  corpusVersion(): string;
  /** True when the corpus files, the chunker or the embedding model changed since the active table was built. */
  needsReindex(): Promise<boolean>;
  close(): Promise<void>;
}

export interface ReindexOptions {
  onProgress?: (event: IngestProgressEvent) => void;
  /** How long to wait for another process's ingest lock (default: until a lock of a killed ingest turns stale). */
  waitMs?: number;
}

export interface OpenCorpusIndexOptions {
  config: Config;
  embeddingModel: EmbeddingModelV3;
}

export async function openCorpusIndex(options: OpenCorpusIndexOptions): Promise<CorpusIndex> {
  const { config, embeddingModel } = options;
  const local = isLocalUri(config.lancedbUri);
  const connection: Connection = await connectLanceDb(config);
  const pointer: PointerStore = local ? filePointerStore(localPath(config.lancedbUri)) : tablePointerStore(connection);
  const index = new LanceCorpusIndex(connection, pointer, options, local);
  await index.refresh(true);
  index.startPolling();
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
  private poller: NodeJS.Timeout | undefined;
  private leaseConnection: Connection | undefined;
  private readonly backends = new WeakMap<IndexSnapshot, SearchBackend>();
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
    if (!force && performance.now() - this.lastCheck < this.config.indexPollIntervalMs) return;
    this.refreshing ??= (async () => {
      try {
        this.lastCheck = performance.now();
        const stamp = await this.pointer.stamp();
        if (!force && stamp === this.stamp) return;
        const manifest = await this.pointer.read();
        this.stamp = stamp;
        if (!manifest || manifest.table === this.snapshot?.manifest.table) return;
        try {
          await this.activate(manifest);
        } catch (error) {
          // A pointer naming a table that is gone (dropped by a later ingest): keep serving, re-read next time.
          if (!isTableNotFound(error)) throw error;
          this.stamp = '';
        }
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /**
   * Re-reads the pointer every `indexPollIntervalMs` in the background, so an ingest made anywhere (another process,
   * another machine on the same object store) is served within that delay and no request waits for the check.
   */
  startPolling(): void {
    if (this.poller || this.config.indexPollIntervalMs <= 0) return;
    this.poller = setInterval(() => {
      // A failed check (the store briefly unreachable) keeps the current table; the next tick tries again.
      this.refresh().catch(() => {});
    }, this.config.indexPollIntervalMs);
    this.poller.unref();
  }

  /**
   * Runs a read on the current snapshot; when its table was dropped underneath it (two ingests elsewhere within one
   * poll interval), re-reads the pointer and retries once on the table it names now.
   */
  private async read<T>(use: (snapshot: IndexSnapshot | undefined) => Promise<T>, start?: IndexSnapshot): Promise<T> {
    const snapshot = start ?? (await this.current());
    try {
      return await use(snapshot);
    } catch (error) {
      if (!snapshot || !isTableNotFound(error)) throw error;
      await this.refresh(true);
      return use(this.snapshot);
    }
  }

  private async activate(manifest: IndexManifest): Promise<void> {
    const table = await this.connection.openTable(manifest.table);
    const next = await IndexSnapshot.open(table, manifest, { inMemoryUpTo: this.config.fulltextInMemoryUpTo });
    this.retired?.close();
    this.retired = this.snapshot;
    this.snapshot = next;
  }

  private async current(): Promise<IndexSnapshot | undefined> {
    if (!this.snapshot || !this.poller) await this.refresh();
    return this.snapshot;
  }

  private async ready(): Promise<IndexSnapshot> {
    const snapshot = await this.current();
    if (!snapshot) {
      throw new AppError('index_not_ready', 'The corpus index has not been built yet; run `npm run ingest` first.');
    }
    return snapshot;
  }

  /** The active generation, whose reads move to the table the pointer names when theirs was dropped meanwhile. */
  async searchBackend(): Promise<ActiveBackend> {
    const snapshot = await this.ready();
    const embeddingModel = snapshot.manifest.embeddingModel;
    return { backend: this.retryingBackend(snapshot), vectorsUsable: embeddingModel === this.modelKey, embeddingModel };
  }

  /** One backend object per generation (retrieval caches per-generation data by it). */
  private retryingBackend(snapshot: IndexSnapshot): SearchBackend {
    const cached = this.backends.get(snapshot);
    if (cached) return cached;
    const backend: SearchBackend = {
      fulltext: (query, filters, limit) =>
        this.read((current) => (current ?? snapshot).fulltext(query, filters, limit), snapshot),
      vector: (vector, filters, limit) =>
        this.read((current) => (current ?? snapshot).vector(vector, filters, limit), snapshot),
      passages: (ids) => this.read((current) => (current ?? snapshot).passages(ids), snapshot),
      documents: snapshot.documents,
      passageIds: snapshot.passageIds,
    };
    this.backends.set(snapshot, backend);
    return backend;
  }

  async getPassage(id: string): Promise<Passage | undefined> {
    return this.read(async (snapshot) => (snapshot ? (await snapshot.passages([id])).get(id) : undefined));
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
      ...(snapshot ? { fulltextSearch: snapshot.fulltextSearch } : {}),
      ...(manifest?.annSearch ? { annSearch: manifest.annSearch } : {}),
    };
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    const snapshot = await this.current();
    return (snapshot?.manifest.documents ?? []).map(toSummary);
  }

  async getDocument(id: string): Promise<{ document: DocumentSummary; passages: Passage[] } | undefined> {
    return this.read(async (snapshot) => {
      const document = snapshot?.manifest.documents.find((candidate) => candidate.id === id);
      if (!snapshot || !document) return undefined;
      return { document: toSummary(document), passages: await snapshot.documentPassages(id) };
    });
  }

  corpusVersion(): string {
    return this.snapshot?.manifest.corpusVersion ?? '';
  }

  async needsReindex(): Promise<boolean> {
    await this.refresh(true);
    const manifest = this.snapshot?.manifest;
    if (!canReuse(manifest, this.modelKey)) return true;
    if (manifest.corpusFiles) return corpusChanged(this.config.corpusDir, manifest.corpusFiles);
    const { documents } = await readCorpus(this.config.corpusDir);
    if (documents.length !== manifest.documents.length) return true;
    const indexed = new Map(manifest.documents.map((document) => [document.id, document.contentHash]));
    return documents.some((document) => indexed.get(document.metadata.id) !== document.contentHash);
  }

  reindex(options: ReindexOptions = {}): Promise<IngestSummary> {
    const run = this.ingesting.then(() => this.runIngest(options));
    this.ingesting = run.catch(() => {});
    return run;
  }

  /** The lease table of a remote index, on a connection that reads every commit (other machines' leases). */
  private async leaseTable(): Promise<SharedTable> {
    this.leaseConnection ??= await connectLanceDb(this.config, { readConsistencyInterval: 0 });
    return openSharedTable(this.leaseConnection, ingestLeaseTable);
  }

  private async runIngest(options: ReindexOptions): Promise<IngestSummary> {
    if (this.closed) throw new AppError('internal', 'the corpus index is closed');
    const leases = this.local ? undefined : await this.leaseTable();
    const lock = leases
      ? await acquireIngestLease(leases).catch((error: unknown) => {
          leases.close();
          throw error;
        })
      : await acquireIngestLock(localPath(this.config.lancedbUri), options);
    try {
      const previous = await this.pointer.read();
      const { manifest, summary } = await buildNewIndex({
        connection: this.connection,
        config: this.config,
        embeddingModel: this.embeddingModel,
        previous,
        onProgress: options.onProgress,
      });
      manifest.previousTable = previous?.table;
      await lock.check();
      await this.pointer.write(manifest);
      this.stamp = await this.pointer.stamp();
      this.lastCheck = performance.now();
      await this.activate(manifest);
      await this.dropOldTables([manifest.table, previous?.table], previous?.previousTable);
      return summary;
    } finally {
      await lock.release();
      leases?.close();
    }
  }

  /**
   * Drops passages tables other than the active and the previous one: the one retired by this flip by name (object
   * stores list no tables), and whatever a listing shows (leftovers of crashed ingests, on a local folder).
   */
  private async dropOldTables(keep: (string | undefined)[], retiredByName: string | undefined): Promise<void> {
    const listed = await this.connection.tableNames().catch(() => [] as string[]);
    const names = new Set([...(retiredByName ? [retiredByName] : []), ...listed]);
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
    clearInterval(this.poller);
    this.pointer.close();
    this.snapshot?.close();
    this.retired?.close();
    this.snapshot = undefined;
    this.retired = undefined;
    this.connection.close();
    this.leaseConnection?.close();
  }
}

function toSummary(document: ManifestDocument): DocumentSummary {
  const { sourcePath: _sourcePath, contentHash: _contentHash, ...summary } = document;
  return summary;
}
