/**
 * A map that holds at most `capacity` entries and forgets the least recently used first: for what an index
 * generation can answer again without asking LanceDB (passages by id, ranked lists that do not depend on the
 * question). Reading an entry makes it the most recently used.
 */
export class RecentlyUsed<Key, Value> {
  // A Map iterates in insertion order: an entry moved to the end on use leaves the least recently used first.
  private readonly entries = new Map<Key, Value>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: Key): Value | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: Key, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `key`, but only while it still holds `value` (a newer entry under the key stays). */
  delete(key: Key, value?: Value): void {
    if (value === undefined || this.entries.get(key) === value) this.entries.delete(key);
  }
}
