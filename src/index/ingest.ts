/**
 * One ingest: reads the corpus and builds a complete new passages table next to the active one (blue/green).
 * Documents stream through one at a time (read a few files ahead, chunked, embedded, written in batches), so memory
 * grows with the batches and the manifest, not with the corpus.
 *
 * Unchanged documents (same file hash, same chunker, same embedding model) have their rows copied from the active
 * table with their vectors, so nothing is re-embedded; changed and new documents are chunked and embedded; removed
 * documents are simply not copied. The new table gets its full-text index (and scalar and vector indexes) before the
 * caller flips the pointer, so no reader ever sees a half-written table or an unindexed tail, and nothing calls
 * `optimize()` on a live table (which fails for full-text indexes with positions in LanceDB 0.31). If anything
 * fails, the new table is dropped and the previous index keeps serving.
 */
import { randomBytes } from 'node:crypto';
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import type { Connection, Table } from '@lancedb/lancedb';
import { embedMany } from 'ai';
import type { IngestSummary } from './index-status.js';
import type { Config } from '../config.js';
import { chunkDocument, chunkerVersion, documentProvenance } from '../corpus/chunk.js';
import { openCorpus } from '../corpus/read-corpus.js';
import type { CorpusDocument, Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { fingerprintCorpus } from './corpus-fingerprint.js';
import { computeCorpusVersion, embeddingModelKey } from './corpus-version.js';
import { loadLanceDb } from './lancedb.js';
import { isTableNotFound, manifestFormat, type IndexManifest, type ManifestDocument } from './manifest.js';
import {
  dataStorageVersion,
  passageSchema,
  passageToRow,
  rowFormatVersion,
  sqlString,
  type PassageRow,
} from './schema.js';
import { buildTableIndexes } from './table-indexes.js';

export interface IngestProgressEvent {
  phase: 'embedding' | 'indexing' | 'done';
  /** Documents processed so far (copied or embedded). */
  done: number;
  total: number;
  /** The document just processed, relative to the corpus directory. */
  path?: string;
}

export interface IngestOptions {
  connection: Connection;
  config: Config;
  embeddingModel: EmbeddingModelV3;
  previous: IndexManifest | undefined;
  onProgress?: (event: IngestProgressEvent) => void;
}

export interface IngestResult {
  manifest: IndexManifest;
  summary: IngestSummary;
}

export const passagesTablePrefix = 'passages_';

/** Passages embedded per model call batch; large enough to amortise calls, small enough for steady progress. */
const embeddingBatchSize = 256;
/** Rows buffered per table write: every write becomes one fragment, so fewer, larger writes keep searches fast. */
const writeBatchSize = 20_000;
/** Document ids per copy query (an IN list). */
const copyBatchSize = 500;

export function newTableName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.TZ]/g, '');
  return `${passagesTablePrefix}${stamp}_${randomBytes(3).toString('hex')}`;
}

/** The text a passage is embedded as: its heading path gives the model the context the body often omits. */
export function embeddingText(passage: Passage): string {
  return `${passage.heading}\n${passage.text}`;
}

/**
 * What the manifest keeps of a document, as strings of its own: front-matter values are slices of the decoded file,
 * and a slice keeps the whole file's text alive (at 100k passages, 240 MB of text held by the titles alone).
 */
function documentSummary(document: CorpusDocument, passages: number): ManifestDocument {
  const { metadata } = document;
  return structuredClone({
    id: metadata.id,
    ...documentProvenance(metadata),
    passages,
    sourcePath: document.sourcePath,
    contentHash: document.contentHash,
  });
}

/**
 * Whether rows of the previous table may be copied as they are: same embedding model, chunker and row format. A table
 * that fails this is rebuilt whatever its documents.
 */
export function canReuse(previous: IndexManifest | undefined, modelKey: string): previous is IndexManifest {
  return (
    previous !== undefined &&
    previous.embeddingModel === modelKey &&
    previous.chunkerVersion === chunkerVersion &&
    previous.rowFormat === rowFormatVersion
  );
}

/** Buffers rows and writes them to the new table in large batches; creates the table on the first write. */
class TableWriter {
  private table: Table | undefined;
  private rows: PassageRow[] = [];
  private dimensions: number | undefined;
  written = 0;

  constructor(
    private readonly connection: Connection,
    readonly name: string,
  ) {}

  async open(dimensions: number): Promise<Table> {
    if (this.dimensions !== undefined && this.dimensions !== dimensions) {
      throw new AppError(
        'model_error',
        `the embedding model returned ${dimensions}-dimensional vectors after ${this.dimensions}-dimensional ones`,
      );
    }
    if (!this.table) {
      this.dimensions = dimensions;
      this.table = await this.connection.createEmptyTable(this.name, passageSchema(dimensions), {
        mode: 'create',
        dataStorageVersion,
      });
    }
    return this.table;
  }

  get tableDimensions(): number | undefined {
    return this.dimensions;
  }

  async addRows(rows: PassageRow[], dimensions: number): Promise<void> {
    await this.open(dimensions);
    this.rows.push(...rows);
    if (this.rows.length >= writeBatchSize) await this.flush();
  }

  /** Adds rows already in Arrow form (copied from the previous table). */
  async addArrow(data: import('apache-arrow').Table, dimensions: number): Promise<void> {
    const table = await this.open(dimensions);
    if (data.numRows === 0) return;
    await table.add(data);
    this.written += data.numRows;
  }

  async flush(): Promise<void> {
    if (!this.table || this.rows.length === 0) return;
    const lancedb = await loadLanceDb();
    const rows = this.rows;
    this.rows = [];
    await this.table.add(lancedb.makeArrowTable(rows, { schema: passageSchema(this.dimensions!) }));
    this.written += rows.length;
  }

  async finish(fallbackDimensions: () => Promise<number>): Promise<Table> {
    if (!this.table) await this.open(await fallbackDimensions());
    await this.flush();
    return this.table!;
  }
}

async function embedValues(model: EmbeddingModelV3, values: string[], config: Config): Promise<number[][]> {
  try {
    const { embeddings } = await embedMany({
      model,
      values,
      maxRetries: config.modelMaxRetries,
      abortSignal: AbortSignal.timeout(config.modelTimeoutMs),
    });
    return embeddings;
  } catch (error) {
    throw new AppError('model_error', `embedding failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Opens a table by name to see whether it exists: listing tables is not reliable on object stores. */
async function tableExists(connection: Connection, name: string): Promise<boolean> {
  try {
    (await connection.openTable(name)).close();
    return true;
  } catch (error) {
    if (isTableNotFound(error)) return false;
    throw error;
  }
}

/** Builds the new table; the caller flips the pointer to it. On failure the new table is dropped. */
export async function buildNewIndex(options: IngestOptions): Promise<IngestResult> {
  const { connection, config, embeddingModel, previous } = options;
  const started = performance.now();
  const modelKey = embeddingModelKey(embeddingModel);
  const report = options.onProgress ?? (() => {});

  const corpusFiles = await fingerprintCorpus(config.corpusDir);
  const corpus = await openCorpus(config.corpusDir);
  const total = corpus.files;
  const problems = [...corpus.problems];

  const reuse = canReuse(previous, modelKey) && (await tableExists(connection, previous.table)) ? previous : undefined;
  const previousDocuments = new Map((previous?.documents ?? []).map((document) => [document.id, document]));
  /** The documents indexed, in corpus order: all an ingest keeps of a document once its rows are written. */
  const summaries: ManifestDocument[] = [];
  let added = 0;
  let updated = 0;
  let skipped = 0;

  const writer = new TableWriter(connection, newTableName());
  let done = 0;
  const documentDone = (sourcePath: string) => {
    done += 1;
    report({ phase: 'embedding', done, total, path: sourcePath });
  };
  let source = reuse ? await connection.openTable(reuse.table) : undefined;
  const closeSource = () => {
    source?.close();
    source = undefined;
  };
  try {
    // Unchanged documents have their rows copied, vectors included, a batch of documents per query.
    let toCopy: CorpusDocument[] = [];
    const copyPending = async () => {
      if (toCopy.length === 0) return;
      const batch = toCopy;
      toCopy = [];
      const rows = await source!
        .query()
        .where(`document_id IN (${batch.map((document) => sqlString(document.metadata.id)).join(', ')})`)
        .toArrow();
      await writer.addArrow(rows, reuse!.dimensions);
      for (const document of batch) documentDone(document.sourcePath);
    };

    // Changed and new documents are chunked and embedded, in batches that may span documents.
    let pending: { passage: Passage; document: CorpusDocument; last: boolean }[] = [];
    const embedPending = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const vectors = await embedValues(
        embeddingModel,
        batch.map((item) => embeddingText(item.passage)),
        config,
      );
      const dimensions = vectors[0]?.length ?? 0;
      if (dimensions === 0 || vectors.length !== batch.length) {
        throw new AppError('model_error', 'the embedding model returned no vectors or the wrong number of vectors');
      }
      await writer.addRows(
        batch.map((item, index) => passageToRow(item.passage, vectors[index]!)),
        dimensions,
      );
      for (const item of batch) if (item.last) documentDone(item.document.sourcePath);
    };

    for await (const entry of corpus.entries) {
      if ('problem' in entry) {
        problems.push(entry.problem);
        documentDone(entry.problem.path);
        continue;
      }
      const { document } = entry;
      const before = previousDocuments.get(document.metadata.id);
      if (reuse && before && before.contentHash === document.contentHash) {
        summaries.push(documentSummary(document, before.passages));
        skipped += 1;
        toCopy.push(document);
        if (toCopy.length >= copyBatchSize) await copyPending();
        continue;
      }
      if (before) updated += 1;
      else added += 1;
      const passages = chunkDocument(document);
      summaries.push(documentSummary(document, passages.length));
      if (passages.length === 0) {
        documentDone(document.sourcePath);
        continue;
      }
      passages.forEach((passage, index) => pending.push({ passage, document, last: index === passages.length - 1 }));
      if (pending.length >= embeddingBatchSize) await embedPending();
    }
    await copyPending();
    await embedPending();
    closeSource();

    const table = await writer.finish(async () => {
      if (reuse) return reuse.dimensions;
      const [probe] = await embedValues(embeddingModel, ['dimension probe'], config);
      return probe?.length ?? 0;
    });

    report({ phase: 'indexing', done, total });
    const rowCount = await table.countRows();
    if (rowCount !== writer.written) {
      throw new AppError('internal', `the new table holds ${rowCount} rows, expected ${writer.written}`);
    }
    const { vectorIndex, annSearch } = await buildTableIndexes(table, rowCount, writer.tableDimensions!, {
      embed: (texts) => embedValues(embeddingModel, texts, config),
    });
    table.close();

    const corpusVersion = computeCorpusVersion({
      documents: summaries,
      chunkerVersion,
      embeddingModel: modelKey,
    });
    const manifest: IndexManifest = {
      format: manifestFormat,
      table: writer.name,
      embeddingModel: modelKey,
      dimensions: writer.tableDimensions!,
      chunkerVersion,
      rowFormat: rowFormatVersion,
      corpusVersion,
      documents: summaries,
      passages: rowCount,
      vectorIndex,
      ...(annSearch ? { annSearch } : {}),
      indexedAt: new Date().toISOString(),
      corpusFiles,
    };
    const currentIds = new Set(summaries.map((document) => document.id));
    const removed = [...previousDocuments.keys()].filter((id) => !currentIds.has(id)).length;
    report({ phase: 'done', done, total });
    return {
      manifest,
      summary: {
        documents: summaries.length,
        passages: rowCount,
        added,
        updated,
        removed,
        skipped,
        failed: problems.map((problem) => ({ path: problem.path, reason: problem.reason })),
        corpusVersion,
        durationMs: Math.round(performance.now() - started),
      },
    };
  } catch (error) {
    closeSource();
    await connection.dropTable(writer.name).catch(() => {});
    throw error;
  }
}
