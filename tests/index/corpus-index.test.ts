import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSearchableIndex, type SearchableIndex } from '../../src/retrieve/searchable-index.js';
import { loadLanceDb } from '../../src/index/lancedb.js';
import { createFixtureCorpus, fixtureFiles, type FixtureCorpus } from './fixture-corpus.js';
import { TestEmbeddingModel } from './test-embedding-model.js';

const connect = async (uri: string) => (await loadLanceDb()).connect(uri);

describe('corpus index', () => {
  let corpus: FixtureCorpus;
  let model: TestEmbeddingModel;
  let index: SearchableIndex;

  beforeEach(async () => {
    corpus = await createFixtureCorpus();
    model = new TestEmbeddingModel();
    index = await openSearchableIndex({ config: corpus.config, embeddingModel: model });
  });

  afterEach(async () => {
    await index.close();
    await corpus.cleanup();
  });

  const allPassageIds = async () =>
    (await Promise.all((await index.listDocuments()).map(async (document) => (await index.getDocument(document.id))!)))
      .flatMap((found) => found.passages.map((passage) => passage.id))
      .sort();

  it('opens without an index, reports not ready and needs a reindex', async () => {
    const status = await index.status();
    expect(status.ready).toBe(false);
    expect(status.passages).toBe(0);
    expect(index.corpusVersion()).toBe('');
    expect(await index.needsReindex()).toBe(true);
    await expect(index.search('personal information')).rejects.toMatchObject({ code: 'index_not_ready' });
    expect(await index.getPassage('pipl-2021#art-38')).toBeUndefined();
  });

  it('ingests the corpus into a table with passages, metadata and provenance', async () => {
    const summary = await index.reindex();
    expect(summary).toMatchObject({ documents: 4, added: 4, updated: 0, removed: 0, skipped: 0, failed: [] });
    expect(summary.passages).toBe(8);

    const status = await index.status();
    expect(status).toMatchObject({ ready: true, documents: 4, passages: 8, embeddingModel: 'test:bag-of-words-64' });
    expect(status.corpusVersion).toBe(index.corpusVersion());
    expect(status.corpusVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(await index.needsReindex()).toBe(false);

    const passage = await index.getPassage('pipl-2021#art-38');
    expect(passage).toMatchObject({
      id: 'pipl-2021#art-38',
      documentId: 'pipl-2021',
      heading: 'PIPL › Chapter III › Article 38',
      jurisdiction: 'PRC',
      type: 'law',
      published: '2021-08-20',
      url: 'https://flk.npc.gov.cn/',
    });
    expect(passage!.text).toContain('security assessment');

    const documents = await index.listDocuments();
    expect(documents.map((document) => document.id).sort()).toEqual([
      'gdpr-2016',
      'news-2024-06-kaspersky-ban',
      'pipl-2021',
      'vendor-alibaba-cloud',
    ]);
    const vendor = await index.getDocument('vendor-alibaba-cloud');
    expect(vendor?.document).toMatchObject({ vendors: ['alibaba-cloud'], type: 'vendor', passages: 2 });
    expect(vendor?.passages.map((item) => item.id)).toEqual([
      'vendor-alibaba-cloud#overview',
      'vendor-alibaba-cloud#data-location',
    ]);
    expect(await index.getDocument('no-such-document')).toBeUndefined();
  });

  it('skips unchanged documents on re-ingest: nothing is re-embedded and ids stay the same', async () => {
    await index.reindex();
    const idsBefore = await allPassageIds();
    const versionBefore = index.corpusVersion();
    model.reset();

    const summary = await index.reindex();

    expect(summary).toMatchObject({ documents: 4, passages: 8, added: 0, updated: 0, removed: 0, skipped: 4 });
    expect(model.embedded).toEqual([]);
    expect(await allPassageIds()).toEqual(idsBefore);
    expect(index.corpusVersion()).toBe(versionBefore);
    const hits = await index.search('Kaspersky antivirus ban');
    expect(hits.hits[0]?.passage.id).toBe('news-2024-06-kaspersky-ban#event');
  });

  it('re-embeds only the changed document and replaces its passages', async () => {
    await index.reindex();
    const versionBefore = index.corpusVersion();
    model.reset();
    await corpus.write(
      'eu/gdpr-2016.md',
      fixtureFiles['eu/gdpr-2016.md']!.replace(
        'so that the level of protection',
        'including transfers to quantum-encrypted satellite relays, so that the level of protection',
      ),
    );
    expect(await index.needsReindex()).toBe(true);

    const summary = await index.reindex();

    expect(summary).toMatchObject({ documents: 4, passages: 8, added: 0, updated: 1, removed: 0, skipped: 3 });
    expect(model.embedded.length).toBeGreaterThan(0);
    expect(model.embedded.every((text) => text.startsWith('GDPR ›'))).toBe(true);
    expect(index.corpusVersion()).not.toBe(versionBefore);
    const result = await index.search('quantum-encrypted satellite relays');
    expect(result.hits[0]?.passage.id).toBe('gdpr-2016#art-44');
    expect(result.hits[0]?.passage.text).toContain('quantum-encrypted');
    expect((await index.getDocument('gdpr-2016'))?.passages).toHaveLength(2);
  });

  it('deletes the passages of a removed document', async () => {
    await index.reindex();
    expect(await index.getPassage('news-2024-06-kaspersky-ban#event')).toBeDefined();
    await corpus.remove('news/kaspersky-ban-2024.md');

    const summary = await index.reindex();

    expect(summary).toMatchObject({ documents: 3, passages: 7, removed: 1, skipped: 3 });
    expect(await index.getPassage('news-2024-06-kaspersky-ban#event')).toBeUndefined();
    expect(await index.getDocument('news-2024-06-kaspersky-ban')).toBeUndefined();
    const result = await index.search('Kaspersky antivirus software');
    expect(result.hits.map((hit) => hit.passage.documentId)).not.toContain('news-2024-06-kaspersky-ban');
  });

  it('reports unreadable files and ingests the rest', async () => {
    await corpus.write('eu/broken.md', '---\nid: [not closed\n---\n\n## Heading\n\nText.\n');
    const summary = await index.reindex();
    expect(summary.documents).toBe(4);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.path).toContain('broken.md');
    expect((await index.status()).ready).toBe(true);
  });

  it('keeps the previous index answering when an ingest crashes in the middle', async () => {
    await index.reindex();
    const before = await index.status();
    const answerBefore = await index.search('security assessment personal information abroad');

    await corpus.write(
      'news/second.md',
      fixtureFiles['news/kaspersky-ban-2024.md']!.replace(/news-2024-06-kaspersky-ban/, 'news-copy'),
    );
    await corpus.write(
      'prc/pipl-2021.md',
      fixtureFiles['prc/pipl-2021.md']!.replace('Article 38 lists', 'Article 38 (amended) lists'),
    );
    model.reset();
    // One passage per model call; the third call fails, after the new table already holds rows.
    model.maxEmbeddingsPerCall = 1;
    model.failAfterCalls = 2;
    await expect(index.reindex()).rejects.toMatchObject({ code: 'model_error' });
    expect(model.calls).toBe(3);
    model.failAfterCalls = undefined;

    expect(await index.status()).toEqual(before);
    const answerAfter = await index.search('security assessment personal information abroad');
    expect(answerAfter.hits.map((hit) => hit.passage.id)).toEqual(answerBefore.hits.map((hit) => hit.passage.id));
    expect((await index.getPassage('pipl-2021#art-38'))?.text).not.toContain('(amended)');

    // The half-built table is gone; a fresh process opening the index serves the old table too.
    const connection = await connect(corpus.config.lancedbUri);
    expect((await connection.tableNames()).filter((name) => name.startsWith('passages_'))).toEqual([before.table]);
    connection.close();
    const reopened = await openSearchableIndex({ config: corpus.config, embeddingModel: model });
    expect((await reopened.status()).table).toBe(before.table);
    await reopened.close();

    // A process killed mid-ingest leaves its table behind; the next successful ingest drops it.
    const leftover = await connect(corpus.config.lancedbUri);
    await leftover.createTable('passages_00000000000000000_dead00', [{ id: 'x' }]);
    leftover.close();

    const summary = await index.reindex();
    expect(summary).toMatchObject({ documents: 5, added: 1, updated: 1 });
    expect((await index.getPassage('pipl-2021#art-38'))?.text).toContain('(amended)');
    const after = await connect(corpus.config.lancedbUri);
    expect((await after.tableNames()).filter((name) => name.startsWith('passages_')).sort()).toEqual(
      [before.table, (await index.status()).table].sort(),
    );
    after.close();
  });

  it('leaves nothing in an unindexed tail: every row of the active table is covered by the full-text index', async () => {
    await index.reindex();
    await corpus.write(
      'eu/gdpr-2016.md',
      fixtureFiles['eu/gdpr-2016.md']!.replace('sufficient guarantees', 'sufficient and audited guarantees'),
    );
    await index.reindex();

    const { table: tableName, passages } = await index.status();
    const connection = await connect(corpus.config.lancedbUri);
    const table = await connection.openTable(tableName);
    const indices = await table.listIndices();
    const fulltext = indices.find((item) => item.columns.includes('search_text'));
    expect(fulltext?.indexType).toBe('FTS');
    const stats = await table.indexStats(fulltext!.name);
    expect(stats).toMatchObject({ numIndexedRows: passages, numUnindexedRows: 0 });
    table.close();
    connection.close();
  });

  it('re-embeds everything when the embedding model changes and never mixes vectors of two models', async () => {
    await index.reindex();
    await index.close();
    const otherModel = new TestEmbeddingModel(32, 'other-model');
    index = await openSearchableIndex({ config: corpus.config, embeddingModel: otherModel });

    expect(await index.needsReindex()).toBe(true);
    // Until the reindex, the old model's vectors are not compared with the new model's queries.
    const interim = await index.search('personal information security assessment');
    expect(interim.method).toBe('fulltext');
    expect(interim.hits.every((hit) => hit.vectorRank === undefined)).toBe(true);
    await expect(index.search('personal information', { method: 'vector' })).rejects.toMatchObject({
      code: 'index_not_ready',
    });

    const summary = await index.reindex();
    expect(summary).toMatchObject({ documents: 4, skipped: 0, updated: 4 });
    expect(otherModel.embedded).toHaveLength(8);
    const status = await index.status();
    expect(status.embeddingModel).toBe('test:other-model-32');
    expect(await index.needsReindex()).toBe(false);

    const connection = await connect(corpus.config.lancedbUri);
    const table = await connection.openTable(status.table);
    const vectorField = (await table.schema()).fields.find((field) => field.name === 'vector');
    expect(vectorField?.type.listSize).toBe(32);
    table.close();
    connection.close();

    const result = await index.search('Kaspersky antivirus', { method: 'vector' });
    expect(result.hits[0]?.passage.id).toBe('news-2024-06-kaspersky-ban#event');
  });

  it('picks up an ingest made by another process', async () => {
    await index.reindex();
    const other = await openSearchableIndex({ config: corpus.config, embeddingModel: model });
    expect((await other.status()).ready).toBe(true);
    await corpus.remove('news/kaspersky-ban-2024.md');
    await index.reindex();
    expect(await other.needsReindex()).toBe(false);
    expect((await other.status()).documents).toBe(3);
    await other.close();
  });

  /** Two ingests by another process amend a passage: the table of two generations ago is dropped. */
  async function amendTwiceElsewhere(): Promise<void> {
    const ingest = await openSearchableIndex({ config: corpus.config, embeddingModel: model });
    for (const version of ['1', '2']) {
      await corpus.write(
        'prc/pipl-2021.md',
        fixtureFiles['prc/pipl-2021.md']!.replace('Article 38 lists', `Article 38 (amendment ${version}) lists`),
      );
      await ingest.reindex();
    }
    await ingest.close();
  }

  it('keeps serving after two ingests elsewhere dropped the table it was reading', async () => {
    await index.reindex();
    // Searched in LanceDB: a table held in memory never reads the dropped table (the next test).
    const server = await openSearchableIndex({
      config: { ...corpus.config, indexPollIntervalMs: 3_600_000, fulltextInMemoryUpTo: 0 },
      embeddingModel: model,
    });
    const before = (await server.search('security assessment personal information abroad')).hits.length;
    await amendTwiceElsewhere();
    // The server has not polled yet: its table is gone, and the read moves to the one the pointer names now.
    const after = await server.search('security assessment personal information abroad');
    expect(after.hits.length).toBe(before);
    expect((await server.getPassage('pipl-2021#art-38'))?.text).toContain('(amendment 2)');
    await server.close();
  });

  it('serves a table held in memory as one generation after its table was dropped elsewhere', async () => {
    await index.reindex();
    const server = await openSearchableIndex({
      config: { ...corpus.config, indexPollIntervalMs: 3_600_000 },
      embeddingModel: model,
    });
    expect((await server.status()).fulltextSearch).toBe('memory');
    const before = await server.search('security assessment personal information abroad');
    await amendTwiceElsewhere();
    // One consistent generation: the same hits and the passage as that generation indexed it.
    const after = await server.search('security assessment personal information abroad');
    expect(after.hits.map((hit) => hit.passage.id)).toEqual(before.hits.map((hit) => hit.passage.id));
    expect((await server.getPassage('pipl-2021#art-38'))?.text).not.toContain('amendment');
    await server.close();
  });

  it('serves an ingest made elsewhere within the poll interval, without a request to trigger it', async () => {
    await index.reindex();
    const server = await openSearchableIndex({
      config: { ...corpus.config, indexPollIntervalMs: 50 },
      embeddingModel: model,
    });
    const first = (await server.status()).corpusVersion;
    await corpus.remove('news/kaspersky-ban-2024.md');
    await index.reindex();
    // Polled every 50 ms; a loaded machine may take a few polls to open the new table.
    await vi.waitFor(() => expect(server.corpusVersion()).toBe(index.corpusVersion()), { timeout: 5000, interval: 25 });
    expect(server.corpusVersion()).not.toBe(first);
    await server.close();
  });

  it('tells a changed corpus from file sizes, modification times and content hashes', async () => {
    await index.reindex();
    const file = path.join(corpus.config.corpusDir, 'prc/pipl-2021.md');
    // Touched but identical: the hash says unchanged.
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    expect(await index.needsReindex()).toBe(false);

    await corpus.write('notes/extra.txt', 'A new note.');
    expect(await index.needsReindex()).toBe(true);
    await corpus.remove('notes/extra.txt');
    expect(await index.needsReindex()).toBe(false);
    await writeFile(file, fixtureFiles['prc/pipl-2021.md']!.replace('Article 38 lists', 'Article 38 now lists'));
    expect(await index.needsReindex()).toBe(true);
  });

  it('indexes an empty corpus as ready with nothing to find', async () => {
    for (const file of Object.keys(fixtureFiles).filter((name) => name.endsWith('.md'))) await corpus.remove(file);
    const summary = await index.reindex();
    expect(summary).toMatchObject({ documents: 0, passages: 0, failed: [] });
    expect(await index.status()).toMatchObject({ ready: true, documents: 0, passages: 0 });
    expect((await index.search('anything at all')).hits).toEqual([]);
    expect(await index.needsReindex()).toBe(false);
  });

  it('keeps its data under the configured LanceDB folder', async () => {
    await index.reindex();
    expect(corpus.config.lancedbUri).toBe(path.join(corpus.root, 'data', 'lancedb'));
  });
});
