/**
 * The attributes of an operation's metric points (database semantic conventions), and the pool
 * and host gauges read from the cluster, shared by `instrumentMetrics` (API instruments) and
 * `cassandraMetricProducer` (SDK producer). Attributes are bounded: no query text.
 */
import type { Attributes } from '@opentelemetry/api';
import type { Cluster } from '../../index';
import type { MetricAttribute } from './options';
import { factsOf, splitEndpoint } from './statement-facts';

/** The attributes of an operation's points: `host`, `keyspace`, `error` '' when unknown or none. */
export function operationAttributes(wanted: ReadonlySet<MetricAttribute>, host: string, keyspace: string, query: string, error: string): Attributes {
  const a: Attributes = { 'db.system.name': 'cassandra' };
  const facts = factsOf(query);
  if (wanted.has('db.namespace') && keyspace !== '') a['db.namespace'] = keyspace;
  if (wanted.has('db.operation.name') && facts.operation !== undefined) a['db.operation.name'] = facts.operation;
  if (wanted.has('db.collection.name') && facts.collection !== undefined) a['db.collection.name'] = facts.collection;
  if (host !== '') {
    const { address, port } = splitEndpoint(host);
    a['server.address'] = address;
    if (!Number.isNaN(port)) a['server.port'] = port;
  }
  if (error !== '') a['error.type'] = error;
  return a;
}

/** One gauge reading: the value and its attributes. */
export interface GaugeReading {
  readonly value: number;
  readonly attributes: Attributes;
}

export interface PoolGauges {
  readonly connections: readonly GaugeReading[];
  readonly inFlight: readonly GaugeReading[];
  readonly orphans: readonly GaugeReading[];
  readonly hosts: readonly GaugeReading[];
}

/** Connections, requests in flight and orphaned ids per host pool, and hosts by state, now. */
export function readPoolGauges(cluster: Cluster): PoolGauges {
  const connections: GaugeReading[] = [];
  const inFlight: GaugeReading[] = [];
  const orphans: GaugeReading[] = [];
  if (!cluster.isConnected) return { connections, inFlight, orphans, hosts: [] };
  for (const [endpoint, h] of Object.entries(cluster.metrics().hosts)) {
    const pool = { 'db.client.connection.pool.name': endpoint, 'db.system.name': 'cassandra' };
    connections.push({ value: h.openConnections, attributes: { ...pool, 'db.client.connection.state': 'used' } });
    inFlight.push({ value: h.inFlight, attributes: pool });
    orphans.push({ value: h.orphanedStreamIds, attributes: pool });
  }
  const byState = new Map<string, number>([['up', 0], ['down', 0], ['unknown', 0]]);
  for (const h of cluster.hosts()) byState.set(h.state, (byState.get(h.state) ?? 0) + 1);
  const hosts = [...byState].map(([state, value]) => ({ value, attributes: { 'cassandra_rx.host.state': state } }));
  return { connections, inFlight, orphans, hosts };
}
