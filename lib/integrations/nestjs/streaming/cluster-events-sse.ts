/**
 * The cluster's bus as Server-Sent Events: host events (`host`: added / removed / up / down), the
 * connection's status (`status`: the current one on subscription, then every change), schema
 * changes (`schema`) and periodic metrics (`metrics`). The stream ends when the cluster shuts down.
 *
 *   @Sse('cluster/events')
 *   events(): Observable<MessageEvent> {
 *     return clusterEventsSse(this.cluster, { metricsIntervalMs: 5000 });
 *   }
 */
import type { MessageEvent } from '@nestjs/common';
import { map, merge, type Observable } from 'rxjs';
import type { Cluster } from '../../../index';
import { hostStatus$ } from '../health/host-status';
import { toJsonValue } from './json-value';

export interface ClusterEventsSseOptions {
  /** Host events as `host` events. Default true. */
  hosts?: boolean;
  /** The connection's status (see `CassandraStatus`) as `status` events, the current one first. Default true. */
  status?: boolean;
  /** Schema changes as `schema` events. Default false. */
  schema?: boolean;
  /** A `metrics` event every this many ms; 0: none. Default 0. */
  metricsIntervalMs?: number;
  /** Datacenter the status counts as local. Default: every host counts. */
  localDatacenter?: string;
  /** Connection name shown in `status` events. Default 'default'. */
  connection?: string;
}

export function clusterEventsSse(cluster: Cluster, options: ClusterEventsSseOptions = {}): Observable<MessageEvent> {
  const streams: Observable<MessageEvent>[] = [];
  if (options.status ?? true) {
    streams.push(hostStatus$(cluster, options.connection ?? 'default', options.localDatacenter).pipe(
      map((s): MessageEvent => ({ type: 'status', data: toJsonValue(s) as object }))));
  }
  if (options.hosts ?? true) {
    streams.push(cluster.hostEvents$.pipe(map((e): MessageEvent => ({
      type: 'host',
      data: {
        kind: e.kind, endpoint: e.host.endpoint, datacenter: e.host.datacenter ?? null, rack: e.host.rack ?? null,
        state: e.host.state, reason: e.reason, at: e.at,
      },
    }))));
  }
  if (options.schema ?? false) {
    streams.push(cluster.schemaChanges$.pipe(map((e): MessageEvent => ({ type: 'schema', data: toJsonValue(e) as object }))));
  }
  const every = options.metricsIntervalMs ?? 0;
  if (every > 0) {
    streams.push(cluster.metrics$(every).pipe(map((m): MessageEvent => ({ type: 'metrics', data: toJsonValue(m) as object }))));
  }
  return merge(...streams);
}
