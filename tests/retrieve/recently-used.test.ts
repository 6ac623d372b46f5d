/** A bounded map for what an index generation answers again: at most `capacity` entries, least recently used out. */
import { describe, expect, it } from 'vitest';
import { RecentlyUsed } from '../../src/index/recently-used.js';

describe('a recently-used map', () => {
  it('keeps at most its capacity, forgetting the entry used longest ago', () => {
    const kept = new RecentlyUsed<string, number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    expect(kept.get('a')).toBe(1); // now 'b' is the least recently used
    kept.set('c', 3);
    expect(kept.size).toBe(2);
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBe(1);
    expect(kept.get('c')).toBe(3);
  });

  it('forgets a key only while it holds the value named', () => {
    const kept = new RecentlyUsed<string, number>(4);
    kept.set('a', 1);
    kept.set('a', 2);
    kept.delete('a', 1);
    expect(kept.get('a')).toBe(2);
    kept.delete('a');
    expect(kept.get('a')).toBeUndefined();
  });
});
