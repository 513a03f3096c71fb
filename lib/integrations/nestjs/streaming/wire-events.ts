/**
 * The driver's events in their wire shapes (`ClusterStreamEvents`, defined once in the driver and
 * read by `cassandra-rx/web`), and the typed SSE event that carries each. The compiler checks that
 * what the server sends is what the browser client expects.
 */
import type { MessageEvent } from '@nestjs/common';
import type {
  ClusterStreamEvents, HostEvent, HostEventJson, HostStatusJson, RequestJson, RequestRecord, SchemaChangeEvent, SchemaChangeJson,
} from '../../../index';
import type { CassandraStatus } from '../health/host-status';

/** The SSE event `type` with its data, typed by the wire map. */
export function wireEvent<K extends keyof ClusterStreamEvents & string>(type: K, data: ClusterStreamEvents[K]): MessageEvent {
  return { type, data };
}

export function hostEventJson(e: HostEvent): HostEventJson {
  return {
    kind: e.kind, endpoint: e.host.endpoint, datacenter: e.host.datacenter ?? null, rack: e.host.rack ?? null,
    state: e.host.state, reason: e.reason, at: e.at,
  };
}

export function statusJson(s: CassandraStatus): HostStatusJson {
  return {
    connection: s.connection, status: s.status, localDatacenter: s.localDatacenter ?? null,
    localHostsUp: s.localHostsUp, localHosts: s.localHosts,
    hosts: s.hosts.map((h) => ({ endpoint: h.endpoint, datacenter: h.datacenter ?? null, rack: h.rack ?? null, state: h.state })),
  };
}

export function schemaJson(e: SchemaChangeEvent): SchemaChangeJson {
  const { type: _type, ...rest } = e;
  return rest;
}

export function requestJson(r: RequestRecord): RequestJson {
  const { type: _type, ...rest } = r;
  return rest;
}
