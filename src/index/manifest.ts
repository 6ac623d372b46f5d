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
import type { Connection } from '@lancedb/lancedb';
import type { DocumentSummary } from './index-status.js';

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
  indexedAt: string;
}

export interface PointerStore {
  read(): Promise<IndexManifest | undefined>;
  write(manifest: IndexManifest): Promise<void>;
  /** A cheap token that changes whenever the pointer changes (to notice ingests by other processes). */
  stamp(): Promise<string>;
}

const pointerFile = 'active-index.json';
const pointerTable = 'active_index_pointer';

/** True for a LanceDB URI on the local file system (a plain path or `file://`). */
export function isLocalUri(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) || uri.startsWith('file://');
}

export function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : path.resolve(uri);
}

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
  };
}

export function tablePointerStore(connection: Connection): PointerStore {
  const read = async (): Promise<{ manifest?: IndexManifest; version: string }> => {
    const names = await connection.tableNames();
    if (!names.includes(pointerTable)) return { version: 'none' };
    const table = await connection.openTable(pointerTable);
    try {
      const rows = await table.query().limit(1).toArray();
      const manifest = rows[0] ? parseManifest(String(rows[0].manifest)) : undefined;
      return { manifest, version: String(await table.version()) };
    } finally {
      table.close();
    }
  };
  return {
    async read() {
      return (await read()).manifest;
    },
    async write(manifest) {
      const table = await connection.createTable(pointerTable, [{ manifest: JSON.stringify(manifest) }], {
        mode: 'overwrite',
      });
      table.close();
    },
    async stamp() {
      return (await read()).version;
    },
  };
}
