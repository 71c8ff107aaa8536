// A bounded memory of the last values computed by key, least recently used forgotten first: the
// repeated readings of one question (lexicon, folded words) and the decisions on questions young
// people ask again and again (knowledge-base.ts) share it.

export class RecentValues<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** The value kept for key, now the most recently used; undefined when none is kept. */
  get(key: K): V | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    this.values.delete(key);
    this.values.set(key, value);
    return value;
  }

  /** Keeps value for key, forgetting the least recently used value when full. */
  set(key: K, value: V): void {
    this.values.delete(key);
    if (this.values.size >= this.capacity) this.values.delete(this.values.keys().next().value!);
    this.values.set(key, value);
  }

  /** The value kept for key, else computed, kept and returned. */
  remember(key: K, compute: () => V): V {
    const known = this.get(key);
    if (known !== undefined) return known;
    const value = compute();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.values.clear();
  }

  get size(): number {
    return this.values.size;
  }
}
