/** What executions need from the cluster: pools, the bus, timers, and re-preparing on a connection. */
import type { Clock } from '../connection/clock';
import type { Connection } from '../connection/connection';
import type { ClusterEvent } from '../cluster/cluster-events';
import type { Host } from '../cluster/host';
import type { HostPool } from '../cluster/host-pool';
import type { PreparedStatement } from './statements';

export interface SessionContext {
  readonly clock: Clock;
  pool(host: Host): HostPool | undefined;
  publish(event: ClusterEvent): void;
  /** PREPAREs `ps` on one connection (after UNPREPARED). */
  prepareOn(connection: Connection, ps: PreparedStatement): Promise<void>;
}
