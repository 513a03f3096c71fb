/** cassandra-rx/web: the NestJS integration's streams in the browser as typed, cold RxJS Observables (no Node built-ins, no sockets). */
export { sseStream } from './sse-stream';
export type { StreamEvent, ConnectionNotice, SseStreamOptions } from './sse-stream';
export { clusterEvents, ofType, hostList, hostEvents, metricsSnapshots, requestRecords } from './cluster-stream';
export type { ClusterStreamNotice, ClusterEventsOptions } from './cluster-stream';
export { metricsSamples } from './metrics-samples';
export type { MetricsSample } from './metrics-samples';
export { queryRows } from './query-rows';
export type { QueryRowsOptions } from './query-rows';
export { fetchPage, pageUrl, CursorTrail } from './cursor-pages';
export type { FetchPageOptions, FetchLike, FetchResponseLike } from './cursor-pages';
export type { ReconnectOptions } from './reconnect';
export type { EventSourceFactory, EventSourceLike, EventLike } from './event-source';
export { WebStreamError, StreamUnavailableError, ServerStreamError, StreamDataError, HttpStatusError, WebOptionError } from './errors';
// The wire shapes, defined once in the driver and built by cassandra-rx/nestjs (types only)
export type {
  JsonValue, RowJson, HostJson, HostEventJson, HostStatusJson, SchemaChangeJson, MetricsJson, RequestJson, StreamEndJson,
  ClusterStreamEvents, RowStreamEvents, CursorPageJson, HttpErrorBody,
} from '../../index';
