import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // LanceDB's full-text index build hangs on 2-CPU hosts unless this is set before the native module loads.
    env: { LANCE_CPU_THREADS: '4', AI_SDK_LOG_WARNINGS: 'false', NODE_ENV: 'test' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
