/**
 * `registerCassandraMetrics(cluster, options)`: prom-client metrics for one cluster, per cluster
 * and per host, ready for a `/metrics` endpoint. Request counters and the latency histogram come
 * from a `RequestStats` fed by `cluster.collectRequestStats` (no bus record per request) and are
 * handed to prom-client at scrape time (no prom-client call per request: see request-metrics.ts); gauges (in flight, open connections,
 * orphaned stream ids, hosts by state) and byte counters are read from `cluster.metrics()` at
 * scrape time. Every label value is bounded: no query text, at most `maxLabelValues` per label.
 */
import { Counter, Gauge, register as globalRegistry, type Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { RequestStats, type Cluster, type RequestSeries } from '../../index';
import { resolvePrometheusOptions, type PrometheusOptions } from './options';
import { AggregatedHistogram, errorsCounter, foldSeries, totalsCounter, type LabelledTotals } from './request-metrics';

/** Keeps at most `max` distinct values of a label; later ones become `_other`. */
class BoundedValues {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}
  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return '_other';
    this.seen.add(value);
    return value;
  }
}

export interface CassandraCollector {
  /** The metric names registered. */
  readonly names: readonly string[];
  /** Stops listening and removes the metrics from the registry. */
  stop(): void;
}

const operationOf = (cql: string): string => /^\s*([A-Za-z]+)/.exec(cql)?.[1]?.toUpperCase() ?? 'OTHER';

export function registerCassandraMetrics(cluster: Cluster, options: PrometheusOptions = {}): CassandraCollector {
  const o = resolvePrometheusOptions(options);
  const registry: Registry = options.registry ?? globalRegistry;
  const p = o.prefix;
  const base = ['cluster', ...(o.perHost ? ['host'] : [])];
  const requestLabels = [...base, ...o.labels];
  const hosts = new BoundedValues(o.maxLabelValues);
  const errorNames = new BoundedValues(o.maxLabelValues);
  const keyspaces = new BoundedValues(o.maxLabelValues);
  const operations = new BoundedValues(o.maxLabelValues);
  const registers = [registry];
  const names: string[] = [];
  const n = (suffix: string): string => {
    names.push(`${p}${suffix}`);
    return `${p}${suffix}`;
  };

  const stats = new RequestStats({ boundaries: o.buckets });
  const hostLabels = (endpoint: string): Record<string, string> => (o.perHost ? { cluster: o.clusterName, host: hosts.of(endpoint) } : { cluster: o.clusterName });
  const labelsOf = (s: RequestSeries): Record<string, string> => {
    const l = hostLabels(s.host === '' ? 'none' : s.host);
    for (const name of o.labels) l[name] = name === 'keyspace' ? keyspaces.of(s.keyspace === '' ? 'none' : s.keyspace) : operations.of(s.query === '' ? 'OTHER' : operationOf(s.query));
    return l;
  };
  const totals = (): readonly LabelledTotals[] => foldSeries(stats.series(), labelsOf, (e) => errorNames.of(e));

  totalsCounter(n('requests_total'), 'Finished executions (cancelled ones excluded).', requestLabels, registers, totals, (t) => t.count);
  errorsCounter(n('request_errors_total'), 'Failed executions by error class.', requestLabels, registers, totals);
  totalsCounter(n('request_retries_total'), 'Retries (retry policy decisions and re-prepares).', requestLabels, registers, totals, (t) => t.retries);
  totalsCounter(n('speculative_executions_total'), 'Speculative executions started.', requestLabels, registers, totals, (t) => t.speculativeExecutions);
  new AggregatedHistogram(n('request_duration_seconds'), 'Execution latency from subscription to outcome, in seconds.', requestLabels, o.buckets, registers, totals);

  /** Pool gauges summed per label set (several hosts may share `_other`, or no host label at all). */
  const fromPools = (pick: (h: { inFlight: number; openConnections: number; orphanedStreamIds: number; bytesSent: number; bytesReceived: number }) => number) => {
    const sums = new Map<string, { labels: Record<string, string>; value: number }>();
    if (!cluster.isConnected) return sums;
    for (const [endpoint, h] of Object.entries(cluster.metrics().hosts)) {
      const labels = hostLabels(endpoint);
      const key = labels['host'] ?? '';
      const entry = sums.get(key) ?? { labels, value: 0 };
      entry.value += pick(h);
      sums.set(key, entry);
    }
    return sums;
  };
  const gauge = (name: string, help: string, pick: Parameters<typeof fromPools>[0]): Gauge<string> => new Gauge({
    name, help, labelNames: base, registers,
    collect(this: Gauge<string>) {
      this.reset();
      for (const { labels, value } of fromPools(pick).values()) this.set(labels, value);
    },
  });
  const total = (name: string, help: string, pick: Parameters<typeof fromPools>[0]): Counter<string> => new Counter({
    name, help, labelNames: base, registers,
    collect(this: Counter<string>) {
      this.reset();
      for (const { labels, value } of fromPools(pick).values()) this.inc(labels, value);
    },
  });
  const gauges: ReadonlyArray<Gauge<string> | Counter<string>> = [
    gauge(n('requests_in_flight'), 'Requests in flight (written, not yet answered).', (h) => h.inFlight),
    gauge(n('connections_open'), 'Open connections.', (h) => h.openConnections),
    gauge(n('orphaned_stream_ids'), 'Stream ids of abandoned attempts, not yet freed.', (h) => h.orphanedStreamIds),
    total(n('bytes_sent_total'), 'Bytes written to sockets (after framing and compression).', (h) => h.bytesSent),
    total(n('bytes_received_total'), 'Bytes read from sockets (before decompression).', (h) => h.bytesReceived),
    new Gauge({
      name: n('hosts'), help: 'Known hosts by state.', labelNames: ['cluster', 'state'], registers,
      collect(this: Gauge<string>) {
        const byState: Record<string, number> = { up: 0, down: 0, unknown: 0 };
        for (const h of cluster.hosts()) byState[h.state] = (byState[h.state] ?? 0) + 1;
        for (const [state, n] of Object.entries(byState)) this.set({ cluster: o.clusterName, state }, n);
      },
    }),
  ];

  const sub: Subscription = cluster.collectRequestStats(stats);

  void gauges; // registered; read at scrape time
  return {
    names,
    stop(): void {
      sub.unsubscribe();
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}
