import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLanceDb } from '../../src/index/lancedb.js';
import {
  filePointerStore,
  isLocalUri,
  localPath,
  manifestFormat,
  tablePointerStore,
  type IndexManifest,
  type PointerStore,
} from '../../src/index/manifest.js';

const manifest = (table: string): IndexManifest => ({
  format: manifestFormat,
  table,
  embeddingModel: 'test:model-8',
  dimensions: 8,
  chunkerVersion: '1',
  rowFormat: '2',
  corpusVersion: 'abc',
  documents: [],
  passages: 0,
  vectorIndex: 'none',
  indexedAt: '2026-01-01T00:00:00.000Z',
});

describe('index pointer', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'pointer-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const behavesAsAPointer = async (store: PointerStore) => {
    expect(await store.read()).toBeUndefined();
    const empty = await store.stamp();
    await store.write(manifest('passages_1'));
    const first = await store.stamp();
    expect(first).not.toBe(empty);
    expect(await store.read()).toEqual(manifest('passages_1'));
    await store.write(manifest('passages_2'));
    expect((await store.read())?.table).toBe('passages_2');
    expect(await store.stamp()).not.toBe(first);
  };

  it('is a JSON file replaced atomically for a local index, leaving no temporary files', async () => {
    await behavesAsAPointer(filePointerStore(directory));
    expect(await readdir(directory)).toEqual(['active-index.json']);
  });

  it('is a one-row table for a remote index (exercised here on a local connection)', async () => {
    const connection = await (await loadLanceDb()).connect(directory);
    await behavesAsAPointer(tablePointerStore(connection));
    connection.close();
  });

  it('finds the table pointer by name on a store that lists no tables (as LanceDB 0.31 on S3)', async () => {
    const connection = await (await loadLanceDb()).connect(directory);
    const listsNothing = new Proxy(connection, {
      get: (target, property) =>
        property === 'tableNames'
          ? async () => []
          : ((Reflect.get(target, property, target) as unknown as { bind?: (self: unknown) => unknown })?.bind?.(
              target,
            ) ?? Reflect.get(target, property, target)),
    });
    const writer = tablePointerStore(connection);
    const reader = tablePointerStore(listsNothing);
    expect(await reader.stamp()).toBe('none');
    await writer.write(manifest('passages_1'));
    const first = await reader.stamp();
    expect((await reader.read())?.table).toBe('passages_1');
    await writer.write(manifest('passages_2'));
    // The reader's open table notices the new version without being reopened.
    expect(await reader.stamp()).not.toBe(first);
    expect((await reader.read())?.table).toBe('passages_2');
    reader.close();
    connection.close();
  });

  it('tells local paths from remote URIs', () => {
    expect(isLocalUri('./.data/lancedb')).toBe(true);
    expect(isLocalUri('/var/lib/index')).toBe(true);
    expect(isLocalUri('file:///var/lib/index')).toBe(true);
    expect(isLocalUri('s3://bucket/index')).toBe(false);
    expect(isLocalUri('gs://bucket/index')).toBe(false);
    expect(isLocalUri('db://my-database')).toBe(false);
    expect(localPath('file:///var/lib/index')).toBe('/var/lib/index');
  });
});
