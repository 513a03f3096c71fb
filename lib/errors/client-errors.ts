/** Errors the driver raises itself about executions and the cluster (not sent by a server). */
import { DriverError } from './driver-error';

/** Every host of the query plan was tried and failed (or the plan was empty). `errors`: endpoint → its error. */
export class NoHostAvailableError extends DriverError {
  override readonly name: string = 'NoHostAvailableError';

  constructor(readonly errors: ReadonlyMap<string, Error>, context = 'No host available') {
    super(
      errors.size === 0
        ? `${context}: the query plan was empty (no host is up or allowed)`
        : `${context}: ${[...errors].map(([h, e]) => `${h} (${e.name}: ${e.message})`).join('; ')}`,
    );
  }
}

/** The execution did not finish within its timeout (all attempts counted). */
export class OperationTimedOutError extends DriverError {
  override readonly name: string = 'OperationTimedOutError';

  constructor(readonly timeoutMs: number, readonly hosts: readonly string[]) {
    super(`Execution timed out after ${timeoutMs} ms (hosts tried: ${hosts.length > 0 ? hosts.join(', ') : 'none'})`);
  }
}

/** The cluster was shut down (or never connected) when it was used. */
export class ClusterStateError extends DriverError {
  override readonly name: string = 'ClusterStateError';
}

/** The execution throttle's queue is full; nothing was sent. */
export class ThrottleQueueFullError extends DriverError {
  override readonly name: string = 'ThrottleQueueFullError';

  constructor(readonly maxInFlight: number, readonly maxQueued: number) {
    super(`Execution throttle: ${maxInFlight} executions in flight and ${maxQueued} queued; request refused`);
  }
}

/** Statement-level misuse found before sending (unknown named parameter, wrong count, ...). */
export class StatementError extends DriverError {
  override readonly name: string = 'StatementError';
}

/** A session was asked to use a keyspace the cluster does not have (nothing else was sent). */
export class KeyspaceNotFoundError extends DriverError {
  override readonly name: string = 'KeyspaceNotFoundError';

  constructor(readonly keyspace: string) {
    super(`Keyspace "${keyspace}" does not exist`);
  }
}

/** The `host` execution option named a host that is unknown or down; nothing was sent. */
export class HostNotAvailableError extends DriverError {
  override readonly name: string = 'HostNotAvailableError';

  constructor(readonly requested: string, readonly reason: 'unknown' | 'down' | 'no pool') {
    super(reason === 'unknown'
      ? `Option "host": no host ${requested} in this cluster`
      : reason === 'down' ? `Option "host": host ${requested} is down` : `Option "host": host ${requested} has no connection pool (ignored by the load-balancing policy)`);
    this.host = requested;
  }
}

/** The cluster was shut down while the execution was in flight (it may or may not have been applied). */
export class ClusterShutdownError extends ClusterStateError {
  override readonly name: string = 'ClusterShutdownError';
}
