/**
 * The load-balancing contract: a policy ranks hosts by distance (which hosts get pools) and makes
 * a query plan per execution (which hosts to try, in order). Public so users can write their own.
 */
import type { Consistency } from '../protocol/consistency';
import type { HostView } from '../metadata/host-view';
import type { ReplicationOptions } from '../metadata/replication';

/** How a load-balancing policy ranks a host: local hosts get the big pool, ignored ones none. */
export type HostDistance = 'local' | 'remote' | 'ignored';

/** What a policy can see of the cluster. Provided by the Cluster at `init`. */
export interface ClusterView {
  /** All known hosts (any state). */
  hosts(): readonly HostView[];
  /** Datacenter of the first contact point that answered, when no local datacenter was configured. */
  contactDatacenter(): string | undefined;
  /** Replicas of a routing key in a keyspace, primary first; empty when unknown. */
  replicas(keyspace: string, routingKey: Uint8Array): readonly HostView[];
  /** Requests in flight on the host's pool, orphaned stream ids included. */
  inFlight(host: HostView): number;
  /** Milliseconds the host has not answered while requests (or orphans) were outstanding (0 when none). */
  oldestInFlightAgeMs(host: HostView): number;
  /**
   * Changes whenever hosts are added or removed or change state; a policy may cache what it
   * derives from `hosts()` while it stays the same. Optional.
   */
  stateVersion?(): number;
}

/** What a query plan is made for. */
export interface RoutingRequest {
  /** Keyspace of the statement (explicit, from a prepared statement, or the session's). */
  readonly keyspace?: string | undefined;
  /** Serialized partition key. */
  readonly routingKey?: Uint8Array | undefined;
  /** Consistency code of the request (LOCAL_* levels never go to remote datacenters). */
  readonly consistency?: Consistency | undefined;
  /** Lightweight transaction: replicas are tried in ring order so contention is lowest. */
  readonly isLwt?: boolean | undefined;
}

export interface LoadBalancingPolicy {
  init(cluster: ClusterView): void;
  distance(host: HostView): HostDistance;
  /** The hosts to try, best first (an array is cheapest; any iterable works). */
  newQueryPlan(request: RoutingRequest): Iterable<HostView>;
}

export type { ReplicationOptions };
