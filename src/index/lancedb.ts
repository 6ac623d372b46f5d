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
