/**
 * Metrics per cluster and per host. Counters are bumped by finished executions (cheap, no
 * allocation); gauges (in flight, connections, orphans, bytes) are read from the pools when a
 * snapshot is taken. `metrics$` emits snapshots at an interval while subscribed.
 */
import type { RequestRecord } from './cluster-events';
import type { HostPool } from './host-pool';
import { LatencyHistogram, type LatencySummary } from './latency-histogram';

interface Counters {
  requests: number;
  errors: Map<string, number>;
  retries: number;
  speculativeExecutions: number;
  clientTimeouts: number;
  latency: LatencyHistogram;
}

export interface CounterSnapshot {
  requests: number;
  /** Failed executions by error class name. */
  errors: Record<string, number>;
  retries: number;
  speculativeExecutions: number;
  clientTimeouts: number;
  /** Execution latency in microseconds. */
  latency: LatencySummary;
}

export interface HostMetrics extends CounterSnapshot {
  inFlight: number;
  openConnections: number;
  orphanedStreamIds: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface MetricsSnapshot extends HostMetrics {
  at: number;
  hosts: Record<string, HostMetrics>;
}

const newCounters = (): Counters => ({
  requests: 0, errors: new Map(), retries: 0, speculativeExecutions: 0, clientTimeouts: 0, latency: new LatencyHistogram(),
});

function snapshotCounters(c: Counters): CounterSnapshot {
  return {
    requests: c.requests,
    errors: Object.fromEntries(c.errors),
    retries: c.retries,
    speculativeExecutions: c.speculativeExecutions,
    clientTimeouts: c.clientTimeouts,
    latency: c.latency.summary(),
  };
}

function bump(c: Counters, latencyMs: number, retries: number, speculative: number, error: string | undefined): void {
  c.requests++;
  c.retries += retries;
  c.speculativeExecutions += speculative;
  if (error !== undefined) {
    c.errors.set(error, (c.errors.get(error) ?? 0) + 1);
    if (error === 'OperationTimedOutError') c.clientTimeouts++;
  }
  c.latency.record(latencyMs * 1000);
}

export class ClusterMetrics {
  private readonly total = newCounters();
  private readonly perHost = new Map<string, Counters>();

  record(r: RequestRecord): void {
    if (!r.cancelled) this.count(r.host, r.latencyMs, r.retries, r.speculativeExecutions, r.error);
  }

  /** One finished (not cancelled) execution, without building a record. */
  count(host: string | undefined, latencyMs: number, retries: number, speculative: number, error: string | undefined): void {
    bump(this.total, latencyMs, retries, speculative, error);
    if (host !== undefined) {
      let h = this.perHost.get(host);
      if (!h) this.perHost.set(host, (h = newCounters()));
      bump(h, latencyMs, retries, speculative, error);
    }
  }

  snapshot(pools: Iterable<HostPool>): MetricsSnapshot {
    const hosts: Record<string, HostMetrics> = {};
    const gauges = { inFlight: 0, openConnections: 0, orphanedStreamIds: 0, bytesSent: 0, bytesReceived: 0 };
    for (const pool of pools) {
      const g = pool.gauges();
      gauges.inFlight += g.inFlight;
      gauges.openConnections += g.openConnections;
      gauges.orphanedStreamIds += g.orphanedStreamIds;
      gauges.bytesSent += g.bytesSent;
      gauges.bytesReceived += g.bytesReceived;
      const c = this.perHost.get(pool.host.endpoint);
      hosts[pool.host.endpoint] = { ...snapshotCounters(c ?? newCounters()), ...g };
    }
    return { at: Date.now(), ...snapshotCounters(this.total), ...gauges, hosts };
  }
}
