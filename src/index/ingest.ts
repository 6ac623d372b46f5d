/**
 * One ingest: reads the corpus and builds a complete new passages table next to the active one (blue/green).
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
import { readCorpus } from '../corpus/read-corpus.js';
import type { CorpusDocument, Passage } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { computeCorpusVersion, embeddingModelKey } from './corpus-version.js';
import { loadLanceDb } from './lancedb.js';
import { manifestFormat, type IndexManifest, type ManifestDocument } from './manifest.js';
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

function documentSummary(document: CorpusDocument, passages: number): ManifestDocument {
  const { metadata } = document;
  return {
    id: metadata.id,
    ...documentProvenance(metadata),
    passages,
    sourcePath: document.sourcePath,
    contentHash: document.contentHash,
  };
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

/** Builds the new table; the caller flips the pointer to it. On failure the new table is dropped. */
export async function buildNewIndex(options: IngestOptions): Promise<IngestResult> {
  const { connection, config, embeddingModel, previous } = options;
  const started = performance.now();
  const modelKey = embeddingModelKey(embeddingModel);
  const report = options.onProgress ?? (() => {});

  const { documents, problems } = await readCorpus(config.corpusDir);
  const total = documents.length;

  const existingTables = new Set(await connection.tableNames());
  const reuse = canReuse(previous, modelKey) && existingTables.has(previous.table) ? previous : undefined;
  const previousDocuments = new Map((previous?.documents ?? []).map((document) => [document.id, document]));
  const currentIds = new Set(documents.map((document) => document.metadata.id));

  const kept: CorpusDocument[] = [];
  const rebuilt: CorpusDocument[] = [];
  for (const document of documents) {
    const before = reuse ? previousDocuments.get(document.metadata.id) : undefined;
    if (before && before.contentHash === document.contentHash) kept.push(document);
    else rebuilt.push(document);
  }
  const added = rebuilt.filter((document) => !previousDocuments.has(document.metadata.id)).length;
  const summaryDocuments = new Map<string, ManifestDocument>();

  const writer = new TableWriter(connection, newTableName());
  let done = 0;
  try {
    // Copy the rows of unchanged documents, vectors included.
    if (reuse && kept.length > 0) {
      const source = await connection.openTable(reuse.table);
      try {
        for (let index = 0; index < kept.length; index += copyBatchSize) {
          const batch = kept.slice(index, index + copyBatchSize);
          const rows = await source
            .query()
            .where(`document_id IN (${batch.map((document) => sqlString(document.metadata.id)).join(', ')})`)
            .toArrow();
          await writer.addArrow(rows, reuse.dimensions);
          for (const document of batch) {
            summaryDocuments.set(
              document.metadata.id,
              documentSummary(document, previousDocuments.get(document.metadata.id)?.passages ?? 0),
            );
            done += 1;
            report({ phase: 'embedding', done, total, path: document.sourcePath });
          }
        }
      } finally {
        source.close();
      }
    }

    // Chunk and embed changed and new documents, in batches that may span documents.
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
      for (const item of batch) {
        if (!item.last) continue;
        done += 1;
        report({ phase: 'embedding', done, total, path: item.document.sourcePath });
      }
    };
    for (const document of rebuilt) {
      const passages = chunkDocument(document);
      summaryDocuments.set(document.metadata.id, documentSummary(document, passages.length));
      if (passages.length === 0) {
        done += 1;
        report({ phase: 'embedding', done, total, path: document.sourcePath });
        continue;
      }
      passages.forEach((passage, index) => pending.push({ passage, document, last: index === passages.length - 1 }));
      if (pending.length >= embeddingBatchSize) await embedPending();
    }
    await embedPending();

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
    const { vectorIndex } = await buildTableIndexes(table, rowCount, writer.tableDimensions!);
    table.close();

    const manifestDocuments = documents.map((document) => summaryDocuments.get(document.metadata.id)!);
    const corpusVersion = computeCorpusVersion({
      documents: manifestDocuments,
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
      documents: manifestDocuments,
      passages: rowCount,
      vectorIndex,
      indexedAt: new Date().toISOString(),
    };
    const removed = [...previousDocuments.keys()].filter((id) => !currentIds.has(id)).length;
    report({ phase: 'done', done, total });
    return {
      manifest,
      summary: {
        documents: documents.length,
        passages: rowCount,
        added,
        updated: rebuilt.length - added,
        removed,
        skipped: kept.length,
        failed: problems.map((problem) => ({ path: problem.path, reason: problem.reason })),
        corpusVersion,
        durationMs: Math.round(performance.now() - started),
      },
    };
  } catch (error) {
    await connection.dropTable(writer.name).catch(() => {});
    throw error;
  }
}
