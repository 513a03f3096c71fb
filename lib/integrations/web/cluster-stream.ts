/**
 * The NestJS integration's cluster stream (`clusterEventsSse`, e.g. `GET /cluster/events`) in the
 * browser: `clusterEvents(url)` is every event with connection notices; `hostList`, `hostEvents`,
 * `metricsSnapshots` and `requestRecords` are one kind each. Every function returns a cold
 * Observable with its own EventSource: to feed several views from one connection, `share()` the
 * result of `clusterEvents` and pick kinds with the `ofType` operator.
 *
 *   const events$ = clusterEvents('/cluster/events?metricsMs=2000').pipe(share());
 *   const hosts$ = events$.pipe(ofType('status'), map((s) => s.hosts));
 */
import { filter, map, type Observable, type OperatorFunction } from 'rxjs';
import type { ClusterStreamEvents, HostEventJson, HostJson, MetricsJson, RequestJson } from '../../index';
import type { EventSourceFactory } from './event-source';
import type { ReconnectOptions } from './reconnect';
import { sseStream, type ConnectionNotice, type StreamEvent } from './sse-stream';

/** What `clusterEvents` emits: a cluster event (its `type` names it) or a connection notice. */
export type ClusterStreamNotice = StreamEvent<ClusterStreamEvents> | ConnectionNotice;

export interface ClusterEventsOptions {
  /** Reconnection of a lost stream. Default: keep trying, 0.5 s doubling to 10 s. */
  readonly reconnect?: ReconnectOptions | false;
  /** Opens the EventSource. Default `new EventSource(url)`. */
  readonly eventSource?: EventSourceFactory;
}

const CLUSTER_EVENTS: ReadonlyArray<keyof ClusterStreamEvents> = ['status', 'host', 'schema', 'metrics', 'request', 'end'];

/** Every event of the stream, and the connection's notices; completes when the server ends it (cluster shut down). */
export function clusterEvents(url: string, options: ClusterEventsOptions = {}): Observable<ClusterStreamNotice> {
  return sseStream<ClusterStreamEvents>(url, { events: CLUSTER_EVENTS, endEvent: 'end', ...options });
}

/** The data of the events of one kind. */
export function ofType<K extends keyof ClusterStreamEvents>(type: K): OperatorFunction<ClusterStreamNotice, ClusterStreamEvents[K]> {
  return (source) => source.pipe(
    filter((n): n is Extract<StreamEvent<ClusterStreamEvents>, { type: K }> => n.type === type),
    map((n) => n.data as ClusterStreamEvents[K]),
  );
}

/** The cluster's hosts: the full list on connect (and on every reconnection), then after every change. */
export function hostList(url: string, options: ClusterEventsOptions = {}): Observable<readonly HostJson[]> {
  return clusterEvents(url, options).pipe(ofType('status'), map((s) => s.hosts));
}

/** Host events (added / removed / up / down) as they happen. */
export function hostEvents(url: string, options: ClusterEventsOptions = {}): Observable<HostEventJson> {
  return clusterEvents(url, options).pipe(ofType('host'));
}

/** Metrics snapshots at the interval the URL asks the server for (e.g. `?metricsMs=2000`). */
export function metricsSnapshots(url: string, options: ClusterEventsOptions = {}): Observable<MetricsJson> {
  return clusterEvents(url, options).pipe(ofType('metrics'));
}

/** Finished executions (the server sends at most its `requestsPerSecond`). */
export function requestRecords(url: string, options: ClusterEventsOptions = {}): Observable<RequestJson> {
  return clusterEvents(url, options).pipe(ofType('request'));
}
