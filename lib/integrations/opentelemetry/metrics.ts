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
import { operationAttributes, readPoolGauges } from './metric-attributes';
import { INSTRUMENTATION_NAME } from './traced-session';

/** The histogram boundaries the database conventions recommend, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** Stops the instruments (the bus subscription and the observable callback). */
export interface MetricsHandle {
  stop(): void;
}

/**
 * Attribute sets by query, then host, keyspace and error: built once per distinct combination.
 * The query string is the statement's own (its hash is cached by the engine), so no key string
 * is built over the query text per point.
 */
class AttributeCache {
  private readonly byQuery = new Map<string, Map<string, Attributes>>();
  private size = 0;
  constructor(private readonly wanted: ReadonlySet<MetricAttribute>) {}

  of(r: RequestRecord): Attributes {
    let rest = this.byQuery.get(r.query);
    if (rest === undefined) {
      if (this.size >= 10_000) {
        this.byQuery.clear();
        this.size = 0;
      }
      this.byQuery.set(r.query, (rest = new Map()));
    }
    const key = `${r.host ?? ''}\u0000${r.keyspace ?? ''}\u0000${r.error ?? ''}`;
    let a = rest.get(key);
    if (a === undefined) {
      a = operationAttributes(this.wanted, r.host ?? '', r.keyspace ?? '', r.query, r.error ?? '');
      rest.set(key, a);
      this.size++;
    }
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
    const g = readPoolGauges(cluster);
    for (const r of g.connections) result.observe(connections, r.value, r.attributes);
    for (const r of g.inFlight) result.observe(inFlight, r.value, r.attributes);
    for (const r of g.orphans) result.observe(orphans, r.value, r.attributes);
    for (const r of g.hosts) result.observe(hosts, r.value, r.attributes);
  };
  meter.addBatchObservableCallback(observe, [connections, inFlight, orphans, hosts]);

  return {
    stop(): void {
      sub.unsubscribe();
      meter.removeBatchObservableCallback(observe, [connections, inFlight, orphans, hosts]);
    },
  };
}
