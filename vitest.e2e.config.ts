import { defineConfig } from 'vitest/config';
import { sharedTestSettings } from './vitest.config.js';

/** The slow end-to-end checks: spawned CLIs, real Chromium, index builds at scale, robustness runs. */
export default defineConfig({
  test: {
    ...sharedTestSettings,
    include: ['tests/**/*.e2e.test.ts'],
    testTimeout: 180_000,
  },
});
