/**
 * Ranked lists that do not depend on the question, kept per index generation. A vendor answer searches each named
 * vendor's passages once per part of the answer (the legal exposure, the reported events, ...), and those searches
 * read the same whatever the question: a questionnaire about one vendor would run them again on every row, each a
 * full-text query, a vector scan and a fusion. Keyed by the backend object (one per index generation), a list is
 * never read from an older corpus; the most recently used lists are kept, a bounded number of them.
 */
import type { RankedCandidate, SearchBackend } from '../index/search-backend.js';
import { RecentlyUsed } from '../index/recently-used.js';

/** Lists kept per index generation: a few dozen vendors with their parts, each list a few passages. */
export const listMemoSize = 256;

const memos = new WeakMap<SearchBackend, RecentlyUsed<string, Promise<readonly RankedCandidate[]>>>();

/**
 * The list for `key` over this backend: the one computed before if it is still kept, else `compute()`'s. A list
 * that failed, or that `compute` says is not whole (an embedding model that did not answer), is not kept, so the
 * next search computes it again.
 */
export function rememberedList(
  backend: SearchBackend,
  key: string,
  compute: () => Promise<{ list: readonly RankedCandidate[]; whole: boolean }>,
): Promise<readonly RankedCandidate[]> {
  let memo = memos.get(backend);
  if (!memo) {
    memo = new RecentlyUsed(listMemoSize);
    memos.set(backend, memo);
  }
  const kept = memo.get(key);
  if (kept) return kept;
  const computed = compute();
  const list = computed.then((result) => result.list);
  memo.set(key, list);
  const owner = memo;
  const forget = () => owner.delete(key, list);
  computed.then((result) => !result.whole && forget(), forget);
  return list;
}
