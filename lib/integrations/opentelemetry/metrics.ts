/**
 * `instrumentMetrics(cluster, options)`: OpenTelemetry instruments fed by the cluster's bus.
 * Every finished execution on `requests$` is one `db.client.operation.duration` point (seconds)
 * and counts its errors, retries and speculative executions; connections, requests in flight,
 * orphaned stream ids and hosts by state are observed from `cluster.metrics()` and
 * `cluster.hosts()` when the reader collects. Attributes are bounded (no query text).
 */
import { metrics, ValueType, type Attributes, type BatchObservableCallback, type Meter } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import type { Cluster, RequestRecord } from '../../index';
import { validateMetricsOptions, type MetricAttribute, type MetricsOptions } from './options';
import { factsOf, splitEndpoint } from './statement-facts';
import { INSTRUMENTATION_NAME } from './traced-session';

/** The histogram boundaries the database conventions recommend, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** Stops the instruments (the bus subscription and the observable callback). */
export interface MetricsHandle {
  stop(): void;
}

/** Attribute sets by host, keyspace, query and error: built once per distinct combination. */
class AttributeCache {
  private readonly sets = new Map<string, Attributes>();
  constructor(private readonly wanted: ReadonlySet<MetricAttribute>) {}

  of(r: RequestRecord): Attributes {
    const key = `${r.host ?? ''}\u0000${r.keyspace ?? ''}\u0000${r.error ?? ''}\u0000${r.query}`;
    let a = this.sets.get(key);
    if (a !== undefined) return a;
    a = { 'db.system.name': 'cassandra' };
    const facts = factsOf(r.query);
    if (this.wanted.has('db.namespace') && r.keyspace !== undefined) a['db.namespace'] = r.keyspace;
    if (this.wanted.has('db.operation.name') && facts.operation !== undefined) a['db.operation.name'] = facts.operation;
    if (this.wanted.has('db.collection.name') && facts.collection !== undefined) a['db.collection.name'] = facts.collection;
    if (r.host !== undefined) {
      const { address, port } = splitEndpoint(r.host);
      a['server.address'] = address;
      if (!Number.isNaN(port)) a['server.port'] = port;
    }
    if (r.error !== undefined) a['error.type'] = r.error;
    if (this.sets.size >= 10_000) this.sets.clear();
    this.sets.set(key, a);
    return a;
  }
}

export function instrumentMetrics(cluster: Cluster, options: MetricsOptions = {}): MetricsHandle {
  const wanted = new Set(validateMetricsOptions(options));
  const meter: Meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_NAME);
  const duration = meter.createHistogram('db.client.operation.duration', {
    description: 'Duration of database client operations (every attempt and wait included).',
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
  });
  const errors = meter.createCounter('cassandra_rx.operation.errors', { description: 'Failed executions, by error.type.', unit: '{operation}', valueType: ValueType.INT });
  const retries = meter.createCounter('cassandra_rx.operation.retries', { description: 'Retries (retry policy decisions and re-prepares).', unit: '{retry}', valueType: ValueType.INT });
  const speculative = meter.createCounter('cassandra_rx.operation.speculative_executions', { description: 'Speculative executions started.', unit: '{execution}', valueType: ValueType.INT });
  const connections = meter.createObservableUpDownCounter('db.client.connection.count', { description: 'Open connections per host pool (a multiplexed connection is always in use).', unit: '{connection}', valueType: ValueType.INT });
  const inFlight = meter.createObservableUpDownCounter('cassandra_rx.requests.in_flight', { description: 'Requests written and not yet answered, per host.', unit: '{request}', valueType: ValueType.INT });
  const orphans = meter.createObservableUpDownCounter('cassandra_rx.stream_ids.orphaned', { description: 'Stream ids of abandoned attempts, not yet freed, per host.', unit: '{stream}', valueType: ValueType.INT });
  const hosts = meter.createObservableUpDownCounter('cassandra_rx.hosts', { description: 'Known hosts by state.', unit: '{host}', valueType: ValueType.INT });

  const cache = new AttributeCache(wanted);
  const sub: Subscription = cluster.requests$.subscribe((r) => {
    if (r.cancelled) return;
    const attributes = cache.of(r);
    duration.record(r.latencyMs / 1000, attributes);
    if (r.error !== undefined) errors.add(1, attributes);
    if (r.retries > 0) retries.add(r.retries, attributes);
    if (r.speculativeExecutions > 0) speculative.add(r.speculativeExecutions, attributes);
  });

  const observe: BatchObservableCallback = (result) => {
    if (!cluster.isConnected) return;
    const snapshot = cluster.metrics();
    for (const [endpoint, h] of Object.entries(snapshot.hosts)) {
      const pool = { 'db.client.connection.pool.name': endpoint, 'db.system.name': 'cassandra' };
      result.observe(connections, h.openConnections, { ...pool, 'db.client.connection.state': 'used' });
      result.observe(inFlight, h.inFlight, pool);
      result.observe(orphans, h.orphanedStreamIds, pool);
    }
    const byState = new Map<string, number>([['up', 0], ['down', 0], ['unknown', 0]]);
    for (const h of cluster.hosts()) byState.set(h.state, (byState.get(h.state) ?? 0) + 1);
    for (const [state, n] of byState) result.observe(hosts, n, { 'cassandra_rx.host.state': state });
  };
  meter.addBatchObservableCallback(observe, [connections, inFlight, orphans, hosts]);

  return {
    stop(): void {
      sub.unsubscribe();
      meter.removeBatchObservableCallback(observe, [connections, inFlight, orphans, hosts]);
    },
  };
}
