/**
 * Node-state rules. The server's STATUS_CHANGE pushes are suggestions: an open, healthy
 * connection outranks a gossip DOWN; the driver's own connection failures mark a host down and a
 * successful reconnection marks it up.
 */
import type { Host } from './host';

export type StatusAction = 'ignore' | 'mark-down' | 'reconnect-now';

/** What to do with a STATUS_CHANGE pushed by the server, given the host's pool (if any). */
export function onServerStatus(change: string, host: Host, healthyConnections: number, hasPool: boolean): StatusAction {
  if (change === 'DOWN') {
    // Gossip may lag or see a partition we don't: while we talk to the node fine, it is up.
    return healthyConnections > 0 ? 'ignore' : host.state === 'down' ? 'ignore' : 'mark-down';
  }
  if (change === 'UP') {
    // Never trust UP alone: try to connect now; the pool marks the host up when that works.
    if (!hasPool) return 'ignore';
    return healthyConnections > 0 ? 'ignore' : 'reconnect-now';
  }
  return 'ignore';
}
