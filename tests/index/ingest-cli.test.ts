import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as ingest } from '../../src/cli/ingest.js';
import { run as search } from '../../src/cli/search.js';
import { createFixtureCorpus, type FixtureCorpus } from './fixture-corpus.js';

describe('ingest and search commands', () => {
  let corpus: FixtureCorpus;
  let output: string[];
  let errors: string[];

  beforeEach(async () => {
    corpus = await createFixtureCorpus({ EMBEDDING_MODEL: 'local:hash-64' });
    output = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void output.push(parts.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors.push(String(chunk));
      return true;
    });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await corpus.cleanup();
  });

  it('ingests with one-line JSON progress off a terminal and prints a summary', async () => {
    expect(await ingest(corpus.config, [])).toBe(0);
    const progress = errors
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(progress.some((event) => event.phase === 'indexing')).toBe(true);
    expect(progress.some((event) => event.done === 4 && event.total === 4)).toBe(true);
    expect(output.join('\n')).toMatch(
      /Indexed 4 documents into 8 passages .*added 4, updated 0, removed 0, unchanged 0, failed 0/,
    );

    output.length = 0;
    expect(await ingest(corpus.config, ['--json'])).toBe(0);
    expect(JSON.parse(output.join('\n'))).toMatchObject({ documents: 4, skipped: 4, added: 0 });
  });

  it('fails --strict when a file could not be read, but still builds the index', async () => {
    await corpus.write('broken.md', '---\nid: [\n---\n');
    expect(await ingest(corpus.config, ['--strict'])).toBe(1);
    expect(output.join('\n')).toMatch(/could not read broken\.md/);
    expect(await search(corpus.config, ['Kaspersky'])).toBe(0);
  });

  it('prints ranked passages with ids, headings and scores', async () => {
    await ingest(corpus.config, []);
    output.length = 0;
    expect(await search(corpus.config, ['Kaspersky', 'antivirus', '-k', '2'])).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(/^[12] passages for "Kaspersky antivirus" \(hybrid/);
    expect(text).toMatch(/ 1\. news-2024-06-kaspersky-ban#event {3}score 0\.\d{4} \(full text #1/);
    expect(text).toContain('United States bans sales of Kaspersky antivirus software › Event  [US, news, 2024-06-20]');

    output.length = 0;
    expect(await search(corpus.config, ['personal information', '--jurisdiction', 'EU', '--json'])).toBe(0);
    const result = JSON.parse(output.join('\n')) as { hits: { passage: { jurisdiction: string } }[] };
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.passage.jurisdiction === 'EU')).toBe(true);
  });

  it('explains what is wrong: no index yet, no query, bad flags', async () => {
    expect(await search(corpus.config, ['anything'])).toBe(1);
    expect(errors.join('\n')).toMatch(/index_not_ready.*npm run ingest/);
    expect(await search(corpus.config, [])).toBe(2);
    expect(await search(corpus.config, ['query', '--type', 'novel'])).toBe(2);
    expect(await search(corpus.config, ['query', '--from', 'May'])).toBe(2);
    expect(await ingest(corpus.config, ['--unknown'])).toBe(2);
  });
});
