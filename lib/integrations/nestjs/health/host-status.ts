/**
 * A connection's health from its hosts alone, with no terminus needed: `up` while the local
 * datacenter has at least one host up. `hostStatus$` follows `cluster.hosts$` (the current hosts at
 * subscription, then after every host event) and emits only when something a reader sees changed.
 */
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import type { Cluster, HostSnapshot, HostState } from '../../../index';

/** One host as the status shows it. */
export interface HostStatusEntry {
  readonly endpoint: string;
  readonly datacenter: string | undefined;
  readonly rack: string | undefined;
  readonly state: HostState;
}

export interface CassandraStatus {
  /** The connection name. */
  readonly connection: string;
  /** 'up' while at least one host of the local datacenter (of any, when unknown) is up. */
  readonly status: 'up' | 'down';
  readonly localDatacenter: string | undefined;
  /** Hosts up in the local datacenter. */
  readonly localHostsUp: number;
  /** Hosts known in the local datacenter. */
  readonly localHosts: number;
  /** Every known host, sorted by endpoint. */
  readonly hosts: readonly HostStatusEntry[];
}

/** The status of a set of hosts. */
export function statusOf(connection: string, hosts: readonly HostSnapshot[], localDatacenter: string | undefined): CassandraStatus {
  const entries = hosts
    .map((h): HostStatusEntry => ({ endpoint: h.endpoint, datacenter: h.datacenter, rack: h.rack, state: h.state }))
    .sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  const local = entries.filter((h) => localDatacenter === undefined || h.datacenter === localDatacenter);
  const up = local.filter((h) => h.state === 'up').length;
  return { connection, status: up > 0 ? 'up' : 'down', localDatacenter, localHostsUp: up, localHosts: local.length, hosts: entries };
}

function sameStatus(a: CassandraStatus, b: CassandraStatus): boolean {
  return a.status === b.status && a.hosts.length === b.hosts.length &&
    a.hosts.every((h, i) => {
      const o = b.hosts[i];
      return o !== undefined && o.endpoint === h.endpoint && o.state === h.state && o.datacenter === h.datacenter && o.rack === h.rack;
    });
}

/** The status now, then on every visible change; completes when the cluster shuts down. */
export function hostStatus$(cluster: Cluster, connection: string, localDatacenter: string | undefined): Observable<CassandraStatus> {
  return cluster.hosts$.pipe(map((hosts) => statusOf(connection, hosts, localDatacenter)), distinctUntilChanged(sameStatus));
}
