/** The guard that keeps LanceDB's full-text index build from hanging on 2-CPU hosts (lancedb/lancedb#3568). */
import { describe, expect, it } from 'vitest';
import { ensureLanceThreads } from '../../src/index/lancedb.js';

describe('LANCE_CPU_THREADS guard', () => {
  it('sets a thread count of at least 2 unless a usable one is configured', () => {
    const unset: Record<string, string | undefined> = {};
    expect(ensureLanceThreads(unset)).toBe('4');
    expect(unset.LANCE_CPU_THREADS).toBe('4');
    expect(ensureLanceThreads({ LANCE_CPU_THREADS: '1' })).toBe('4');
    expect(ensureLanceThreads({ LANCE_CPU_THREADS: 'many' })).toBe('4');
    expect(ensureLanceThreads({ LANCE_CPU_THREADS: '8' })).toBe('8');
  });
});
