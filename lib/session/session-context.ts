/** What executions need from the cluster: pools, the bus, timers, and re-preparing on a connection. */
import type { Clock } from '../connection/clock';
import type { TimeoutQueue } from '../connection/timeout-queue';
import type { Connection } from '../connection/connection';
import type { ClusterEvent } from '../cluster/cluster-events';
import type { HostPool } from '../cluster/host-pool';
import type { HostView } from '../metadata/host-view';
import type { PreparedStatement } from './statements';

export interface SessionContext {
  readonly clock: Clock;
  /** Execution timeouts (one timer per duration, not per request). */
  readonly timeouts: TimeoutQueue;
  /** The host's pool; with `keyspace` (v3/v4), the pool whose connections are in that keyspace. */
  pool(host: HostView, keyspace?: string): HostPool | undefined;
  publish(event: ClusterEvent): void;
  /** Whether the bus has subscribers (request records are built only then). */
  readonly busObserved: boolean;
  /** Metrics for a finished execution when no record is published. */
  countRequest(host: string | undefined, keyspace: string | undefined, query: string, latencyMs: number, retries: number, speculative: number, error: string | undefined): void;
  /** PREPAREs `ps` on one connection (after UNPREPARED). */
  prepareOn(connection: Connection, ps: PreparedStatement): Promise<void>;
}
