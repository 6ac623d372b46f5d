/** Every command prints its usage on `--help` and exits 0 without opening the index or serving anything. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../src/config.js';

const commands = {
  serve: '../../src/cli/serve.js',
  ingest: '../../src/cli/ingest.js',
  search: '../../src/cli/search.js',
  ask: '../../src/cli/ask.js',
  batch: '../../src/cli/batch.js',
  eval: '../../evals/run.js',
  bench: '../../bench/index.js',
};

afterEach(() => vi.restoreAllMocks());

describe('--help', () => {
  it.each(Object.entries(commands))('%s prints its usage and exits 0', async (_name, module) => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
    const { run } = (await import(module)) as { run: (config: unknown, argv: string[]) => Promise<number> };
    const config = testConfig({ DATA_DIR: '/nonexistent/diligence-help', CORPUS_DIR: '/nonexistent/corpus' });
    expect(await run(config, ['--help'])).toBe(0);
    expect(printed.join('\n')).toMatch(/Usage/i);
  });
});
