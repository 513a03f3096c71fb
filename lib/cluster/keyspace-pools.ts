/**
 * Per-keyspace pools for protocol v3/v4. Before v5 a request cannot name its keyspace, so an
 * unqualified statement runs in the keyspace of the connection that carries it. Sessions of one
 * Cluster may use different keyspaces; each keyspace gets its own pool per host (opened on first
 * use, every connection USE'd in it), and the cluster's plain pools are never USE'd at all.
 * The plain pool of a host decides its state (up/down); these pools follow it.
 */
import type { HostView } from '../metadata/host-view';
import { ResponseError } from '../errors/server-errors';
import type { HostPool, PoolListener } from './host-pool';

export interface KeyspacePoolsSettings {
  /** The host's plain pool (undefined when the host has none: ignored or removed). */
  plainPool(host: HostView): HostPool | undefined;
  log(level: 'debug' | 'warn', message: string): void;
}

interface Entry {
  readonly pool: HostPool;
  readonly opened: Promise<void>;
}

export class KeyspacePools {
  /** keyspace → endpoint → pool and its first opening */
  private readonly byKeyspace = new Map<string, Map<string, Entry>>();
  private closed = false;

  constructor(private readonly settings: KeyspacePoolsSettings) {}

  /** The pool of `host` in `keyspace`, opened on first use (requests wait for its connection). */
  get(host: HostView, keyspace: string): HostPool | undefined {
    return this.entry(host, keyspace)?.pool;
  }

  /** Opens `keyspace`'s pools on these hosts; rejects with the first failure when none opened. */
  async warm(keyspace: string, hosts: readonly HostView[]): Promise<void> {
    const opening: Promise<void>[] = [];
    for (const h of hosts) {
      const e = this.entry(h, keyspace);
      if (e) opening.push(e.opened);
    }
    const results = await Promise.allSettled(opening);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && results.every((r) => r.status === 'rejected')) {
      for (const h of hosts) this.drop(keyspace, h.endpoint);
      throw failed.reason;
    }
  }

  private entry(host: HostView, keyspace: string): Entry | undefined {
    let pools = this.byKeyspace.get(keyspace);
    const existing = pools?.get(host.endpoint);
    if (existing) return existing;
    const plain = this.settings.plainPool(host);
    if (!plain || this.closed) return undefined;
    if (!pools) {
      pools = new Map();
      this.byKeyspace.set(keyspace, pools);
    }
    const pool = plain.sibling(keyspace, this.listener);
    const opened = pool.open();
    const entry: Entry = { pool, opened };
    pools.set(host.endpoint, entry);
    opened.catch((e: unknown) => {
      this.settings.log('warn', `could not open a connection to ${host.endpoint} in keyspace "${keyspace}": ${(e as Error).message}`);
      // The server refused the keyspace (e.g. it does not exist): no point reconnecting to it.
      if (e instanceof ResponseError) this.drop(keyspace, host.endpoint);
    });
    return entry;
  }

  /** Every keyspace pool (for gauges). */
  *all(): Iterable<HostPool> {
    for (const pools of this.byKeyspace.values()) for (const e of pools.values()) yield e.pool;
  }

  /** The host left the cluster: close its keyspace pools. */
  dropHost(endpoint: string): void {
    for (const keyspace of this.byKeyspace.keys()) this.drop(keyspace, endpoint);
  }

  private drop(keyspace: string, endpoint: string): void {
    const pools = this.byKeyspace.get(keyspace);
    const e = pools?.get(endpoint);
    if (!pools || !e) return;
    pools.delete(endpoint);
    if (pools.size === 0) this.byKeyspace.delete(keyspace);
    void e.pool.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.all()];
    this.byKeyspace.clear();
    await Promise.all(all.map((p) => p.close()));
  }

  /** The plain pool drives host state; these only log. */
  private readonly listener: PoolListener = {
    onPoolUp: (pool) => this.settings.log('debug', `keyspace pool "${pool.keyspace ?? ''}" up on ${pool.host.endpoint}`),
    onPoolDown: (pool, reason) => this.settings.log('debug', `keyspace pool "${pool.keyspace ?? ''}" down on ${pool.host.endpoint}: ${reason.message}`),
    onConnectionDefunct: (pool, reason) => this.settings.log('warn', `replacing a connection of keyspace pool "${pool.keyspace ?? ''}" to ${pool.host.endpoint}: ${reason.message}`),
  };
}
