/**
 * A Map that forgets its least recently used entries beyond `limit`. Ink 6 memoises text
 * measurement and wrapping in module-level caches that never evict (ink#986, fixed in Ink 7,
 * which needs Node 22): a dashboard that redraws new numbers every second would grow without
 * end. The build swaps Ink's two caches for these (see build.mjs).
 */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      // Re-insert: Map order is insertion order, so the oldest entry is the least recently used.
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }
}
