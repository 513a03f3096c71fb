/**
 * The cluster's bus as Server-Sent Events, in the wire shapes of `ClusterStreamEvents` (which the
 * browser client `cassandra-rx/web` reads): host events (`host`: added / removed / up / down), the
 * connection's status (`status`: the current one on subscription, then every change), schema
 * changes (`schema`), periodic metrics (`metrics`) and finished executions (`request`, at most
 * `requestsPerSecond`). When the cluster shuts down the stream sends `end` and completes, so a
 * client can tell a finished stream from a lost connection.
 *
 *   @Sse('cluster/events')
 *   events(): Observable<MessageEvent> {
 *     return clusterEventsSse(this.cluster, { metricsIntervalMs: 5000 });
 *   }
 */
import type { MessageEvent } from '@nestjs/common';
import { concat, filter, map, merge, of, type Observable } from 'rxjs';
import type { Cluster, RequestRecord } from '../../../index';
import { hostStatus$ } from '../health/host-status';
import { hostEventJson, requestJson, schemaJson, statusJson, wireEvent } from './wire-events';

export interface ClusterEventsSseOptions {
  /** Host events as `host` events. Default true. */
  hosts?: boolean;
  /** The connection's status (see `CassandraStatus`) as `status` events, the current one first. Default true. */
  status?: boolean;
  /** Schema changes as `schema` events. Default false. */
  schema?: boolean;
  /** A `metrics` event every this many ms; 0: none. Default 0. */
  metricsIntervalMs?: number;
  /**
   * Finished executions as `request` events, at most this many per second (the rest are dropped:
   * a tail for people to read, not an audit log; the metrics count every one). 0: none. Default 0.
   */
  requestsPerSecond?: number;
  /** Datacenter the status counts as local. Default: every host counts. */
  localDatacenter?: string;
  /** Connection name shown in `status` events. Default 'default'. */
  connection?: string;
}

/** Lets through at most `perSecond` records per wall-clock second (by each record's own time). */
function atMostPerSecond(perSecond: number): (r: RequestRecord) => boolean {
  let second = -1;
  let sent = 0;
  return (r) => {
    const s = Math.floor(r.at / 1000);
    if (s !== second) {
      second = s;
      sent = 0;
    }
    return sent++ < perSecond;
  };
}

export function clusterEventsSse(cluster: Cluster, options: ClusterEventsSseOptions = {}): Observable<MessageEvent> {
  const streams: Observable<MessageEvent>[] = [];
  if (options.status ?? true) {
    streams.push(hostStatus$(cluster, options.connection ?? 'default', options.localDatacenter).pipe(
      map((s) => wireEvent('status', statusJson(s)))));
  }
  if (options.hosts ?? true) {
    streams.push(cluster.hostEvents$.pipe(map((e) => wireEvent('host', hostEventJson(e)))));
  }
  if (options.schema ?? false) {
    streams.push(cluster.schemaChanges$.pipe(map((e) => wireEvent('schema', schemaJson(e)))));
  }
  const every = options.metricsIntervalMs ?? 0;
  if (every > 0) {
    streams.push(cluster.metrics$(every).pipe(map((m) => wireEvent('metrics', m))));
  }
  const perSecond = options.requestsPerSecond ?? 0;
  if (perSecond > 0) {
    streams.push(cluster.requests$.pipe(filter(atMostPerSecond(perSecond)), map((r) => wireEvent('request', requestJson(r)))));
  }
  return concat(merge(...streams), of(wireEvent('end', { reason: 'cluster shut down' })));
}
