/**
 * The JSON a service built on the driver sends over HTTP, defined once for both ends: the NestJS
 * integration (`cassandra-rx/nestjs`) builds these shapes, the browser client (`cassandra-rx/web`)
 * reads them. Types only: the browser client imports nothing else from the driver. Each stream of
 * Server-Sent Events is described by a map from event name to the JSON of its `data`.
 */
import type { RequestRecord, SchemaChangeEvent, HostEventKind } from '../cluster/cluster-events';
import type { MetricsSnapshot } from '../cluster/metrics';
import type { HostState } from '../metadata/host-view';

/** A JSON value (what `JSON.parse` returns). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A row as JSON: column name to value (bigint and Long as decimal strings, blobs base64, dates ISO). */
export type RowJson = { [column: string]: JsonValue };

/** One host as the streams show it; `null` where the driver does not know (yet). */
export interface HostJson {
  readonly endpoint: string;
  readonly datacenter: string | null;
  readonly rack: string | null;
  readonly state: HostState;
}

/** A host event (`host`): the host after the event, what happened and why. */
export interface HostEventJson extends HostJson {
  readonly kind: HostEventKind;
  /** Why (e.g. "connection refused", "reconnected"). */
  readonly reason: string;
  /** ms since the epoch. */
  readonly at: number;
}

/** A connection's status from its hosts (`status`): the full host list, sent on connect and on every change. */
export interface HostStatusJson {
  readonly connection: string;
  /** 'up' while at least one host of the local datacenter (of any, when unknown) is up. */
  readonly status: 'up' | 'down';
  readonly localDatacenter: string | null;
  readonly localHostsUp: number;
  readonly localHosts: number;
  /** Every known host, sorted by endpoint. */
  readonly hosts: readonly HostJson[];
}

/** A schema change (`schema`), as on the bus. */
export type SchemaChangeJson = Omit<SchemaChangeEvent, 'type'>;

/** A metrics snapshot (`metrics`): counters since the cluster started, gauges now; latencies in µs. */
export type MetricsJson = MetricsSnapshot;

/** One finished execution (`request`); optional fields are absent when unknown. */
export type RequestJson = Omit<RequestRecord, 'type'>;

/** The last event of a stream that ends (`end`); `rows` for a rows stream. */
export interface StreamEndJson {
  readonly rows?: number;
  /** Why a cluster stream ended (e.g. "cluster shut down"). */
  readonly reason?: string;
}

/** The events of a cluster stream (`clusterEventsSse` on the server), by event name. */
export interface ClusterStreamEvents {
  readonly status: HostStatusJson;
  readonly host: HostEventJson;
  readonly schema: SchemaChangeJson;
  readonly metrics: MetricsJson;
  readonly request: RequestJson;
  readonly end: StreamEndJson;
}

/** The events of a rows stream (`sseRows` on the server): one unnamed event per row, then `end`. */
export interface RowStreamEvents<R = RowJson> {
  readonly message: R;
  readonly end: StreamEndJson;
}

/** A page of a cursor listing (`cursorPage` on the server). */
export interface CursorPageJson<T = RowJson> {
  readonly items: T[];
  /** Send it back as `cursor` for the next page; null after the last page. */
  readonly cursor: string | null;
}

/** The body of an error answer (`CassandraExceptionFilter` on the server). */
export interface HttpErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  /** The driver error's class name (e.g. `UnavailableError`). */
  readonly code: string;
}
