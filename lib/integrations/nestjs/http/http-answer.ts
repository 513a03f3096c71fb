/**
 * Which HTTP answer a driver error deserves. Transient conditions (replicas unavailable or
 * overloaded, timeouts, no host, a connection lost, the throttle full, the cluster shutting down)
 * are 503 with a Retry-After (not a refused authentication or handshake: configuration); a value the caller sent that does not fit its CQL type (directly or through the object mapper) is 400; every
 * other driver error (a bad statement, a permission, a replica failure) is the service's fault:
 * 500. Bodies never carry stack traces, server messages or host addresses, except a 400's message,
 * which describes the caller's own value.
 */
import {
  AuthenticationFailedError, BootstrappingError, HandshakeError, CasWriteUnknownError, ClusterStateError, ConnectionError, DriverError, InvalidValueError, MappingError,
  NoHostAvailableError, OperationTimedOutError, OverloadedError, ReadTimeoutError, ThrottleQueueFullError,
  TruncateError, UnavailableError, WriteTimeoutError, type HttpErrorBody,
} from '../../../index';

export interface CassandraHttpErrorOptions {
  /** Retry-After of a 503, seconds (a number or a function of the error). Default 5. */
  retryAfterSeconds?: number | ((error: DriverError) => number);
  /**
   * Errors the caller caused (answered 400 with their message). Default: `InvalidValueError`, a
   * value that does not fit its CQL type, and the object mapper's `MappingError` caused by one
   * (the other mapping errors are the service's own mistakes: 500). Add your own rule, e.g. for
   * statements built from input.
   */
  isCallerError?: (error: DriverError) => boolean;
}

export type { HttpErrorBody };

export interface HttpAnswer {
  readonly status: number;
  readonly body: HttpErrorBody;
  /** Seconds for the Retry-After header (503 only). */
  readonly retryAfterSeconds?: number;
}

const TRANSIENT = [
  UnavailableError, OverloadedError, BootstrappingError, NoHostAvailableError, OperationTimedOutError, ReadTimeoutError,
  WriteTimeoutError, CasWriteUnknownError, TruncateError, ThrottleQueueFullError, ConnectionError, ClusterStateError,
] as const;

/** Connection errors that a retry will not cure: configuration, not availability. */
const PERMANENT = [AuthenticationFailedError, HandshakeError] as const;

/** Is this a transient, retry-later condition (503)? */
export function isTransient(error: DriverError): boolean {
  return TRANSIENT.some((kind) => error instanceof kind) && !PERMANENT.some((kind) => error instanceof kind);
}

const defaultCallerError = (error: DriverError): boolean =>
  error instanceof InvalidValueError || (error instanceof MappingError && error.cause instanceof InvalidValueError);

/** The answer for one error. */
export function httpAnswerOf(error: DriverError, options: CassandraHttpErrorOptions = {}): HttpAnswer {
  const code = error.name;
  if (isTransient(error)) {
    const r = options.retryAfterSeconds;
    const seconds = typeof r === 'function' ? r(error) : r ?? 5;
    return {
      status: 503,
      retryAfterSeconds: Math.max(0, Math.round(seconds)),
      body: { statusCode: 503, error: 'Service Unavailable', message: 'The database is temporarily unavailable; retry later', code },
    };
  }
  if ((options.isCallerError ?? defaultCallerError)(error)) {
    return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: error.message, code } };
  }
  return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code } };
}
