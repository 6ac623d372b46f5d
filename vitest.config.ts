import { defineConfig } from 'vitest/config';

/** Settings shared by the fast default suite (`npm test`) and the end-to-end suite (`npm run test:e2e`). */
export const sharedTestSettings = {
  // LanceDB's full-text index build hangs on 2-CPU hosts unless this is set before the native module loads.
  env: { LANCE_CPU_THREADS: '4', AI_SDK_LOG_WARNINGS: 'false', NODE_ENV: 'test' },
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  maxWorkers: 2,
  reporters: ['default', './tests/reporters/slowest-files.ts'],
};

export default defineConfig({
  test: {
    ...sharedTestSettings,
    include: ['tests/**/*.test.ts'],
    // Each worker keeps its loaded modules across files: importing the server, LanceDB's native module and the AI SDK
    // once per worker instead of once per file halves the wall time. Tests therefore own no module-level global state.
    isolate: false,
    // Spawned CLIs, Chromium, index builds at scale and robustness runs: `npm run test:e2e`.
    exclude: ['tests/**/*.e2e.test.ts', 'node_modules/**'],
  },
});
