/**
 * Errors the driver raises itself about executions and the cluster (not sent by a server).
 * `ClientRequestError` groups the ones that end or refuse one execution on the client side.
 */
import { DriverError } from './driver-error';

/**
 * Base of the errors with which the driver itself ends or refuses an execution: no host could
 * take it, it timed out, the throttle refused it, or the statement or its options were wrong.
 * No server gave a verdict on it (a server's verdict is a `ResponseError`).
 */
export abstract class ClientRequestError extends DriverError {
  override readonly name: string = 'ClientRequestError';
}

/** Every host of the query plan was tried and failed (or the plan was empty). `errors`: endpoint → its error. */
export class NoHostAvailableError extends ClientRequestError {
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
export class OperationTimedOutError extends ClientRequestError {
  override readonly name: string = 'OperationTimedOutError';

  constructor(readonly timeoutMs: number, readonly hosts: readonly string[]) {
    super(`Execution timed out after ${timeoutMs} ms (hosts tried: ${hosts.length > 0 ? hosts.join(', ') : 'none'})`);
  }
}

/** The execution throttle's queue is full; nothing was sent. */
export class ThrottleQueueFullError extends ClientRequestError {
  override readonly name: string = 'ThrottleQueueFullError';

  constructor(readonly maxInFlight: number, readonly maxQueued: number) {
    super(`Execution throttle: ${maxInFlight} executions in flight and ${maxQueued} queued; request refused`);
  }
}

/** Statement-level misuse found before sending (unknown named parameter, wrong count, ...). */
export class StatementError extends ClientRequestError {
  override readonly name: string = 'StatementError';
}

/** A session was asked to use a keyspace the cluster does not have (nothing else was sent). */
export class KeyspaceNotFoundError extends ClientRequestError {
  override readonly name: string = 'KeyspaceNotFoundError';

  constructor(readonly keyspace: string) {
    super(`Keyspace "${keyspace}" does not exist`);
  }
}

/** The `host` execution option named a host that is unknown or down; nothing was sent. */
export class HostNotAvailableError extends ClientRequestError {
  override readonly name: string = 'HostNotAvailableError';

  constructor(readonly requested: string, readonly reason: 'unknown' | 'down' | 'no pool') {
    super(reason === 'unknown'
      ? `Option "host": no host ${requested} in this cluster`
      : reason === 'down' ? `Option "host": host ${requested} is down` : `Option "host": host ${requested} has no connection pool (ignored by the load-balancing policy)`);
    this.host = requested;
  }
}

/** The cluster was shut down (or never connected) when it was used. */
export class ClusterStateError extends DriverError {
  override readonly name: string = 'ClusterStateError';
}

/** The cluster was shut down while the execution was in flight (it may or may not have been applied). */
export class ClusterShutdownError extends ClusterStateError {
  override readonly name: string = 'ClusterShutdownError';
}

/** The query trace is not (completely) in `system_traces` yet after the configured reads. */
export class TraceNotReadyError extends DriverError {
  override readonly name: string = 'TraceNotReadyError';
}
