/**
 * The index manifest and the pointer that names the active passages table.
 *
 * Every ingest builds a complete new table and then flips this pointer (blue/green). The pointer is written
 * atomically: a local index writes JSON to a temporary file and renames it over the old one; a remote index
 * (`s3://...`, `gs://...`) overwrites a one-row LanceDB table, which is a single commit. Until the flip, readers keep
 * using the previous table, so a crash in the middle of an ingest leaves the previous index serving.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection, Table } from '@lancedb/lancedb';
import type { CorpusFile } from './corpus-fingerprint.js';
import type { DocumentSummary } from './index-status.js';
import type { AnnSearchSettings } from './ann-calibration.js';

export const manifestFormat = 1;

export interface ManifestDocument extends DocumentSummary {
  sourcePath: string;
  /** sha256 of the file bytes: an unchanged document keeps its rows (and vectors) on re-ingest. */
  contentHash: string;
}

export interface IndexManifest {
  format: typeof manifestFormat;
  /** Name of the active passages table. */
  table: string;
  /** The table this one replaced, kept for readers still on it and dropped by the next ingest. */
  previousTable?: string;
  /** `provider:modelId` of the embedding model that produced every vector in the table. */
  embeddingModel: string;
  dimensions: number;
  chunkerVersion: string;
  /** Layout of the table's rows (schema and derived search text), see `rowFormatVersion`. */
  rowFormat: string;
  corpusVersion: string;
  documents: ManifestDocument[];
  passages: number;
  /** 'none': vectors are searched exactly in memory; 'ivf_pq': too many for memory, an ANN index on the table. */
  vectorIndex: 'none' | 'ivf_pq';
  /** How the ANN index is searched, chosen when it was built (absent without one, and in older manifests). */
  annSearch?: AnnSearchSettings;
  indexedAt: string;
  /** The corpus folder as the ingest found it, to tell a changed corpus without parsing it (absent in old manifests). */
  corpusFiles?: CorpusFile[];
}

export interface PointerStore {
  read(): Promise<IndexManifest | undefined>;
  write(manifest: IndexManifest): Promise<void>;
  /** A cheap token that changes whenever the pointer changes (to notice ingests by other processes). */
  stamp(): Promise<string>;
  close(): void;
}

const pointerFile = 'active-index.json';
const pointerTable = 'active_index_pointer';

export { isLocalUri, localPath } from './lancedb.js';

function parseManifest(text: string): IndexManifest | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<IndexManifest>;
    if (parsed.format !== manifestFormat || typeof parsed.table !== 'string') return undefined;
    return parsed as IndexManifest;
  } catch {
    return undefined;
  }
}

export function filePointerStore(directory: string): PointerStore {
  const file = path.join(directory, pointerFile);
  return {
    async read() {
      try {
        return parseManifest(await fs.readFile(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(manifest) {
      await fs.mkdir(directory, { recursive: true });
      const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
      const handle = await fs.open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(manifest));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
    },
    async stamp() {
      try {
        const stat = await fs.stat(file);
        return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return 'none';
      }
    },
    close() {},
  };
}

/** True when LanceDB reports that a table does not exist (the one error that means "nothing there yet"). */
export function isTableNotFound(error: unknown): boolean {
  return error instanceof Error && /was not found|not found/i.test(error.message);
}

/**
 * The pointer as a one-row table beside the index, opened by its name: listing tables is not reliable on object
 * stores (LanceDB 0.31 lists none on S3-compatible stores), opening one by name is. Its version, re-read with
 * `checkoutLatest`, is the stamp that tells other replicas an ingest happened.
 */
export function tablePointerStore(connection: Connection): PointerStore {
  let table: Table | undefined;
  const latest = async (): Promise<Table | undefined> => {
    if (table) {
      await table.checkoutLatest();
      return table;
    }
    try {
      table = await connection.openTable(pointerTable);
      return table;
    } catch (error) {
      if (isTableNotFound(error)) return undefined;
      throw error;
    }
  };
  return {
    async read() {
      const current = await latest();
      if (!current) return undefined;
      const rows = await current.query().limit(1).toArray();
      return rows[0] ? parseManifest(String(rows[0].manifest)) : undefined;
    },
    async write(manifest) {
      // One overwrite is one commit: readers see the previous manifest or this one, never a mix.
      const written = await connection.createTable(pointerTable, [{ manifest: JSON.stringify(manifest) }], {
        mode: 'overwrite',
      });
      written.close();
    },
    async stamp() {
      const current = await latest();
      return current ? String(await current.version()) : 'none';
    },
    close() {
      table?.close();
      table = undefined;
    },
  };
}
