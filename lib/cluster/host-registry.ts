/**
 * The hosts of a cluster and their pools: applies topology reads (add, update, remove), distance
 * changes (which hosts get pools), node-state rules, and publishes host events on the bus.
 */
import type { HostView } from '../metadata/host-view';
import type { HostDistance } from '../policies/load-balancing-policy';
import type { HostInfo } from './host';
import { Host } from './host';
import { HostPool, type PoolListener, type PoolSettings } from './host-pool';
import type { HostEvent, HostEventKind, LogEvent } from './cluster-events';
import { onServerStatus } from './node-state';

export interface RegistrySettings {
  pool(distance: Exclude<HostDistance, 'ignored'>): PoolSettings;
  distance(host: Host): HostDistance;
  publish(event: HostEvent | LogEvent): void;
  /** A host came (back) up: e.g. re-prepare statements on it. */
  onHostUp(host: Host, pool: HostPool): void;
  /** A host left the cluster (its pool is closed): e.g. close other pools to it. */
  onHostRemoved(host: Host): void;
}

export class HostRegistry {
  private readonly hosts = new Map<string, Host>();
  private readonly pools = new Map<string, HostPool>();
  private closed = false;
  private list: Host[] | null = null;
  /** Bumped on every membership or state change (see ClusterView.stateVersion). */
  version = 0;

  constructor(private readonly settings: RegistrySettings) {}

  /** Every host (a cached array; do not modify). */
  all(): Host[] {
    return (this.list ??= [...this.hosts.values()]);
  }

  private changed(): void {
    this.list = null;
    this.version++;
  }

  get(endpoint: string): Host | undefined {
    return this.hosts.get(endpoint);
  }

  pool(host: HostView): HostPool | undefined {
    return this.pools.get(host.endpoint);
  }

  allPools(): Iterable<HostPool> {
    return this.pools.values();
  }

  /** Applies a full topology read. Returns true when tokens or membership changed. */
  applyTopology(infos: readonly HostInfo[]): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const info of infos) {
      const probe = new Host(info);
      seen.add(probe.endpoint);
      const existing = this.hosts.get(probe.endpoint);
      if (existing) {
        const before = existing.tokens.join(',');
        if (existing.updateInfo(info)) {
          this.changed();
          if (before !== existing.tokens.join(',')) changed = true;
        }
      } else {
        this.hosts.set(probe.endpoint, probe);
        this.changed();
        this.emit('added', probe, 'discovered');
        changed = true;
      }
    }
    for (const [endpoint, host] of this.hosts) {
      if (seen.has(endpoint)) continue;
      this.hosts.delete(endpoint);
      this.changed();
      const pool = this.pools.get(endpoint);
      this.pools.delete(endpoint);
      void pool?.close();
      this.settings.onHostRemoved(host);
      this.emit('removed', host, 'no longer in system.peers');
      changed = true;
    }
    return changed;
  }

  /** Creates pools for hosts whose distance wants one (and closes the others). Returns pools opening. */
  syncPools(): Promise<void>[] {
    const opening: Promise<void>[] = [];
    for (const host of this.hosts.values()) {
      const distance = this.settings.distance(host);
      const existing = this.pools.get(host.endpoint);
      if (distance === 'ignored') {
        if (existing) {
          this.pools.delete(host.endpoint);
          void existing.close();
        }
        continue;
      }
      if (existing || this.closed) continue;
      const pool = new HostPool(host, this.settings.pool(distance), this.poolListener);
      this.pools.set(host.endpoint, pool);
      opening.push(pool.open());
    }
    return opening;
  }

  /** STATUS_CHANGE from the server, filtered through the node-state rules. */
  onServerStatus(change: string, endpoint: string): void {
    const host = this.hosts.get(endpoint);
    if (!host) return;
    const pool = this.pools.get(endpoint);
    const action = onServerStatus(change, host, pool?.healthy ?? 0, pool !== undefined);
    this.settings.publish(log('debug', `STATUS_CHANGE ${change} for ${endpoint}: ${action}`, endpoint));
    if (action === 'mark-down') this.setState(host, 'down', `STATUS_CHANGE ${change}`);
    else if (action === 'reconnect-now') pool?.reconnectNow();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  private readonly poolListener: PoolListener = {
    onPoolUp: (pool) => {
      this.setState(pool.host, 'up', 'connected');
      this.settings.onHostUp(pool.host, pool);
    },
    onPoolDown: (pool, reason) => this.setState(pool.host, 'down', reason.message),
    onConnectionDefunct: (pool, reason) => {
      this.settings.publish(log('warn', `replacing a connection to ${pool.host.endpoint}: ${reason.message}`, pool.host.endpoint));
    },
  };

  private setState(host: Host, state: 'up' | 'down', reason: string): void {
    if (this.closed || !this.hosts.has(host.endpoint)) return;
    if (host.setState(state)) {
      this.changed();
      this.emit(state, host, reason);
    }
  }

  private emit(kind: HostEventKind, host: Host, reason: string): void {
    this.settings.publish({ type: 'host', kind, host: host.snapshot(), reason, at: Date.now() });
  }
}

function log(level: LogEvent['level'], message: string, host?: string): LogEvent {
  return { type: 'log', level, message, ...(host !== undefined ? { host } : {}), at: Date.now() };
}
