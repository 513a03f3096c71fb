/**
 * What the driver knows about one node, read-only: the shape load-balancing policies (and sessions,
 * and users) read. `Host` in lib/cluster/host.ts implements it; only the cluster's host registry
 * mutates a host. It lives in metadata/ beside the token map's `TokenOwner` (which it extends)
 * so that policies/ depends on this interface and never on cluster/.
 */
import type { TokenOwner } from './token-map';

/** Whether the driver can use the node: `unknown` until it first connected or failed to (hosts without a pool stay `unknown`). */
export type HostState = 'up' | 'down' | 'unknown';

export interface HostView extends TokenOwner {
  /** `address:port` (IPv6 addresses in brackets): the key of a host everywhere in the driver. */
  readonly endpoint: string;
  /** Native-transport address (after address translation). */
  readonly address: string;
  readonly port: number;
  readonly datacenter: string | undefined;
  readonly rack: string | undefined;
  /** Tokens in the partitioner's string form (Murmur3: signed 64-bit decimal); empty when unknown. */
  readonly tokens: readonly string[];
  /** `host_id` from system.local / system.peers. */
  readonly hostId: string | undefined;
  readonly state: HostState;
}
