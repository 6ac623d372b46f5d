/**
 * The one way the project loads `@lancedb/lancedb`: it guarantees `LANCE_CPU_THREADS` is set before the native module
 * initialises its thread pools.
 *
 * Why: Lance sizes its CPU pool as `max(1, cpus - 2)`, which is one thread on a 2-CPU host, and the full-text index
 * build then deadlocks (producer and consumer share that single thread; lancedb/lancedb#3568, fixed upstream only
 * after 0.31). The variable is read once, when the native module loads, so it must be set before the first import.
 * That is why this module sets it and then imports the package dynamically; a static `import` of
 * `@lancedb/lancedb` anywhere else would be hoisted above this assignment. Type-only imports are fine elsewhere.
 *
 * This is the one documented `process.env` access outside `src/main.ts`: a guard for the native library, not a
 * setting of the application (an explicit value >= 2 from the environment is kept).
 */
import path from 'node:path';
import type { Connection } from '@lancedb/lancedb';

type LanceDbModule = typeof import('@lancedb/lancedb');

const minimumThreads = 2;
const defaultThreads = '4';

let loading: Promise<LanceDbModule> | undefined;

/** Sets a safe `LANCE_CPU_THREADS` unless a usable value is already present. */
export function ensureLanceThreads(environment: Record<string, string | undefined> = process.env): string {
  const current = Number.parseInt(environment.LANCE_CPU_THREADS ?? '', 10);
  if (!Number.isFinite(current) || current < minimumThreads) environment.LANCE_CPU_THREADS = defaultThreads;
  return environment.LANCE_CPU_THREADS as string;
}

/** Loads `@lancedb/lancedb` once, after the thread guard. */
export function loadLanceDb(): Promise<LanceDbModule> {
  loading ??= (async () => {
    ensureLanceThreads();
    return import('@lancedb/lancedb');
  })();
  return loading;
}

/** True for a LanceDB URI on the local file system (a plain path or `file://`). */
export function isLocalUri(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) || uri.startsWith('file://');
}

/** The folder of a local LanceDB URI. */
export function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : path.resolve(uri);
}

/**
 * Connects to `config.lancedbUri` with its storage options. `readConsistencyInterval` 0 makes every read check for
 * versions committed by other processes (for the shared record tables); undefined reads the version opened.
 */
export async function connectLanceDb(
  config: { lancedbUri: string; lancedbStorageOptions: Record<string, string> },
  options: { readConsistencyInterval?: number } = {},
): Promise<Connection> {
  const lancedb = await loadLanceDb();
  const uri = isLocalUri(config.lancedbUri) ? localPath(config.lancedbUri) : config.lancedbUri;
  return lancedb.connect(uri, { storageOptions: config.lancedbStorageOptions, ...options });
}
