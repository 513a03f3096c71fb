/**
 * A read-only, insertion-ordered map that cannot be changed at run time (a frozen `Map` can still
 * be `set`; this one has no mutators at all). Schema snapshots are built from these so that two
 * snapshots can share unchanged keyspaces and tables safely.
 */
export class FrozenMap<K, V> implements ReadonlyMap<K, V> {
  static readonly EMPTY: FrozenMap<never, never> = new FrozenMap<never, never>([]);

  readonly #map: Map<K, V>;

  constructor(entries: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries);
    Object.freeze(this);
  }

  static empty<K, V>(): FrozenMap<K, V> {
    return FrozenMap.EMPTY as FrozenMap<K, V>;
  }

  /** Builds a map keyed by `keyOf(value)`, in the values' order. */
  static by<K, V>(values: Iterable<V>, keyOf: (value: V) => K): FrozenMap<K, V> {
    const entries: Array<[K, V]> = [];
    for (const v of values) entries.push([keyOf(v), v]);
    return new FrozenMap(entries);
  }

  get size(): number { return this.#map.size; }
  get(key: K): V | undefined { return this.#map.get(key); }
  has(key: K): boolean { return this.#map.has(key); }
  keys(): MapIterator<K> { return this.#map.keys(); }
  values(): MapIterator<V> { return this.#map.values(); }
  entries(): MapIterator<[K, V]> { return this.#map.entries(); }
  [Symbol.iterator](): MapIterator<[K, V]> { return this.#map[Symbol.iterator](); }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    this.#map.forEach((v, k) => callback(v, k, this));
  }

  /** A copy with `key` set to `value` (kept in place when present, else appended). */
  with(key: K, value: V): FrozenMap<K, V> {
    if (this.#map.has(key)) return new FrozenMap([...this.#map].map(([k, v]): [K, V] => [k, k === key ? value : v]));
    return new FrozenMap([...this.#map, [key, value]]);
  }

  /** A copy without `key` (this map itself when the key is absent). */
  without(key: K): FrozenMap<K, V> {
    if (!this.#map.has(key)) return this;
    return new FrozenMap([...this.#map].filter(([k]) => k !== key));
  }

  /** Values as an array (a fresh one each call). */
  toArray(): V[] {
    return [...this.#map.values()];
  }

  get [Symbol.toStringTag](): string {
    return 'FrozenMap';
  }
}
