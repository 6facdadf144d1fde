/**
 * A read-through cache whose entries live a fixed time: for rows every request reads and few requests
 * change (the session behind a token, an item's published version). Several app instances may share one
 * database and nothing tells an instance what another one wrote, so an entry is trusted for `ttlMs` at
 * most: that is the bound on how long another instance's change (a logout, a publication) goes unseen
 * here. Changes made through this instance call `delete`/`deleteWhere`/`clear` and are seen at once.
 *
 * A load that was under way when an invalidation happened is answered but not remembered (it may have
 * read the row before the change). Concurrent misses of one key share one load. Absent values
 * (`undefined`) are never remembered: a row that appears is seen at once. Expiry runs on the monotonic
 * clock, not the business clock (tests move that one across days).
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  private readonly loading = new Map<K, Promise<V | undefined>>();
  /** Bumped by every invalidation: a load started before it is not remembered. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.until > this.now()) return hit.value;
      this.entries.delete(key);
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const loaded = load().then(
      (value) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        if (value !== undefined && generation === this.generation) this.remember(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  private remember(key: K, value: V): void {
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    // The oldest entry goes first (a Map iterates in insertion order).
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.invalidated();
    this.entries.delete(key);
  }

  deleteWhere(test: (value: V, key: K) => boolean): void {
    this.invalidated();
    for (const [key, e] of this.entries) if (test(e.value, key)) this.entries.delete(key);
  }

  clear(): void {
    this.invalidated();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private invalidated(): void {
    this.generation++;
    // A load under way may have read the row before the change: later callers start a fresh one.
    this.loading.clear();
  }
}
