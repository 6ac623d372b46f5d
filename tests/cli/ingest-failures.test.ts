/**
 * `npm run ingest` with a corpus file it cannot read: the index is still built from the rest, and the exit code says
 * something failed unless `--allow-failures` says that is expected.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as ingest } from '../../src/cli/ingest.js';
import { run as search } from '../../src/cli/search.js';
import { createFixtureCorpus, type FixtureCorpus } from '../index/fixture-corpus.js';

describe('ingest with an unreadable corpus file', () => {
  let corpus: FixtureCorpus;
  let output: string[];

  beforeEach(async () => {
    corpus = await createFixtureCorpus({ EMBEDDING_MODEL: 'local:hash-64' });
    output = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void output.push(parts.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void output.push(parts.join(' ')));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await corpus.cleanup();
  });

  it('exits 1 by default, naming the file, and 0 with --allow-failures; the index serves either way', async () => {
    await corpus.write('broken.md', '---\nid: [\n---\n');
    expect(await ingest(corpus.config, [])).toBe(1);
    expect(output.join('\n')).toMatch(/could not read broken\.md/);
    expect(output.join('\n')).toContain('--allow-failures');
    expect(await ingest(corpus.config, ['--allow-failures'])).toBe(0);
    expect(await search(corpus.config, ['Kaspersky'])).toBe(0);
  });

  it('prints its options on --help', async () => {
    expect(await ingest(corpus.config, ['--help'])).toBe(0);
    expect(output.join('\n')).toContain('--allow-failures');
  });
});
