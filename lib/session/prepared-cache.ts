/**
 * Prepared statements, cluster-wide: a registry by server id (for re-preparing on UNPREPARED and
 * when a host comes up) and a bounded LRU by keyspace and query for `prepare: true`, which also
 * shares one in-flight PREPARE between concurrent executions of the same query.
 */
import type { PreparedStatement } from './statements';

export class PreparedCache {
  private readonly byId = new Map<string, PreparedStatement>();
  private readonly lru = new Map<string, Promise<PreparedStatement>>();
  /** Prepared statements of the LRU whose PREPARE completed, by keyspace then query (no key string built per lookup). */
  private readonly ready = new Map<string | undefined, Map<string, PreparedStatement>>();

  /** @param maxEntries bound of the LRU (and of the registry). Default 1000. */
  constructor(private readonly maxEntries = 1000) {}

  static key(keyspace: string | undefined, query: string): string {
    return `${keyspace ?? ''}\u0000${query}`;
  }

  /** Every registered statement (to re-prepare on a host that came up). */
  all(): PreparedStatement[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.lru.size;
  }

  register(ps: PreparedStatement): void {
    this.byId.set(ps.id.toString('hex'), ps);
  }

  /**
   * The statement for (keyspace, query) when its PREPARE has completed, else undefined: the
   * synchronous fast path of `prepare: true` (no promise, no key string). Recency is refreshed
   * by `lookup`, which the slow path calls.
   */
  readyFor(keyspace: string | undefined, query: string): PreparedStatement | undefined {
    return this.ready.get(keyspace)?.get(query);
  }

  /** The cached (or in-flight) statement for a key, refreshing its recency. */
  lookup(key: string): Promise<PreparedStatement> | undefined {
    const hit = this.lru.get(key);
    if (hit) {
      this.lru.delete(key);
      this.lru.set(key, hit);
    }
    return hit;
  }

  /** Caches a PREPARE in flight; a failure removes it so the next execution tries again. */
  remember(key: string, pending: Promise<PreparedStatement>): Promise<PreparedStatement> {
    this.lru.set(key, pending);
    pending.then(
      (ps) => {
        this.register(ps);
        if (this.lru.get(key) !== pending) return; // evicted meanwhile
        let byQuery = this.ready.get(ps.keyspace);
        if (!byQuery) this.ready.set(ps.keyspace, (byQuery = new Map()));
        byQuery.set(ps.query, ps);
      },
      () => {
        if (this.lru.get(key) === pending) this.lru.delete(key);
      },
    );
    while (this.lru.size > this.maxEntries) {
      const oldest = this.lru.keys().next().value as string;
      const evicted = this.lru.get(oldest);
      this.lru.delete(oldest);
      evicted?.then((ps) => {
        this.byId.delete(ps.id.toString('hex'));
        this.ready.get(ps.keyspace)?.delete(ps.query);
      }, () => undefined);
    }
    return pending;
  }
}
