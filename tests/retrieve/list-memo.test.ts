/**
 * Question-free lists are kept per index generation: a later search over the same backend reads the kept list, a new
 * backend (a new generation) computes its own, and a list that failed or came back without its vector list is
 * computed again next time. The number kept is bounded, least recently used first out.
 */
import { describe, expect, it } from 'vitest';
import type { RankedCandidate, SearchBackend } from '../../src/index/search-backend.js';
import { listMemoSize, rememberedList } from '../../src/retrieve/list-memo.js';

/** A backend is only the key of its lists here: one object per index generation. */
const generation = (): SearchBackend => ({
  fulltext: async () => [],
  vector: async () => [],
  passages: async () => new Map(),
});

const counted = (list: RankedCandidate[], whole = true) => {
  const calls = { count: 0 };
  const compute = async () => {
    calls.count += 1;
    return { list, whole };
  };
  return { calls, compute };
};

describe('remembered lists', () => {
  it('computes a list once per backend and key', async () => {
    const backend = generation();
    const { calls, compute } = counted([{ id: 'a#1', score: 1 }]);
    expect(await rememberedList(backend, 'k', compute)).toEqual([{ id: 'a#1', score: 1 }]);
    expect(await rememberedList(backend, 'k', compute)).toEqual([{ id: 'a#1', score: 1 }]);
    expect(calls.count).toBe(1);
    await rememberedList(backend, 'other', compute);
    expect(calls.count).toBe(2);
  });

  it('never reads a list kept for another index generation', async () => {
    const { calls, compute } = counted([{ id: 'a#1', score: 1 }]);
    await rememberedList(generation(), 'k', compute);
    await rememberedList(generation(), 'k', compute);
    expect(calls.count).toBe(2);
  });

  it('computes again a list that was not whole or that failed', async () => {
    const backend = generation();
    const partial = counted([{ id: 'a#1', score: 1 }], false);
    await rememberedList(backend, 'partial', partial.compute);
    await rememberedList(backend, 'partial', partial.compute);
    expect(partial.calls.count).toBe(2);

    let failures = 0;
    const failing = async () => {
      failures += 1;
      throw new Error('index unavailable');
    };
    await expect(rememberedList(backend, 'failing', failing)).rejects.toThrow('index unavailable');
    await expect(rememberedList(backend, 'failing', failing)).rejects.toThrow('index unavailable');
    expect(failures).toBe(2);
  });

  it('keeps a bounded number of lists, dropping the least recently used', async () => {
    const backend = generation();
    const { calls, compute } = counted([]);
    await rememberedList(backend, 'first', compute);
    for (let index = 0; index < listMemoSize - 1; index += 1) await rememberedList(backend, `list ${index}`, compute);
    await rememberedList(backend, 'first', compute); // used again: now the most recent
    await rememberedList(backend, 'one more', compute); // drops 'list 0', the least recently used
    const before = calls.count;
    await rememberedList(backend, 'first', compute);
    expect(calls.count).toBe(before);
    await rememberedList(backend, 'list 0', compute);
    expect(calls.count).toBe(before + 1);
  });
});
