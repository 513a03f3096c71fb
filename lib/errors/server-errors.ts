/**
 * Errors reported by a Cassandra node in an ERROR response (spec v5 section 8): one class per
 * error code, each with its typed fields. Decoding from bytes lives in lib/protocol/error-response.ts.
 */
import { DriverError } from './driver-error';

/**
 * ERROR codes, spec name beside each value. A plain object (not a `const enum`), so builds that
 * compile one file at a time (`isolatedModules`) keep it; `ServerErrorCode` is also the type of a code.
 */
export const ServerErrorCode = {
  ServerError: 0x0000, // Server error
  ProtocolError: 0x000a, // Protocol error
  BadCredentials: 0x0100, // Authentication error
  Unavailable: 0x1000, // Unavailable exception
  Overloaded: 0x1001, // Overloaded
  IsBootstrapping: 0x1002, // Is_bootstrapping
  TruncateError: 0x1003, // Truncate_error
  WriteTimeout: 0x1100, // Write_timeout
  ReadTimeout: 0x1200, // Read_timeout
  ReadFailure: 0x1300, // Read_failure
  FunctionFailure: 0x1400, // Function_failure
  WriteFailure: 0x1500, // Write_failure
  CdcWriteFailure: 0x1600, // CDC_WRITE_FAILURE
  CasWriteUnknown: 0x1700, // CAS_WRITE_UNKNOWN
  SyntaxError: 0x2000, // Syntax_error
  Unauthorized: 0x2100, // Unauthorized
  Invalid: 0x2200, // Invalid
  ConfigError: 0x2300, // Config_error
  AlreadyExists: 0x2400, // Already_exists
  Unprepared: 0x2500, // Unprepared
} as const;
export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

/** Root of every error a server sends back. `message` is the server's text. */
export abstract class ResponseError extends DriverError {
  override readonly name: string = 'ResponseError';
  /** The ERROR code (see `ServerErrorCode`). */
  abstract readonly code: number;
}

/**
 * Base of the errors of a request the coordinator accepted but could not complete at its
 * consistency level: too few replicas alive, replicas too slow or failing, a CAS outcome unknown.
 * `consistency` is the level the request ran at (see `Consistency`).
 */
export abstract class RequestExecutionError extends ResponseError {
  override readonly name: string = 'RequestExecutionError';
  constructor(message: string, readonly consistency: number) { super(message); }
}

/** Fields shared by the timeout and failure errors of reads and writes. */
export interface ReplicaCounts {
  /** Consistency code of the request (see `Consistency`). */
  readonly consistency: number;
  /** Replicas that answered / acknowledged. */
  readonly received: number;
  /** Replicas required to reach the consistency level. */
  readonly blockFor: number;
}

/** Base of `ReadTimeoutError` and `WriteTimeoutError`: too few replicas answered in time. */
export abstract class ReplicaTimeoutError extends RequestExecutionError implements ReplicaCounts {
  override readonly name: string = 'ReplicaTimeoutError';
  constructor(message: string, consistency: number, readonly received: number, readonly blockFor: number) {
    super(message, consistency);
  }
}

/** Failure details: v4 sends only a count; v5 sends, per failed replica address, a reason code. */
export interface FailureDetails {
  readonly numFailures: number;
  /** Address → failure reason code (v5), null before v5. */
  readonly reasonMap: ReadonlyMap<string, number> | null;
}

/** Base of `ReadFailureError` and `WriteFailureError`: some replicas failed (not a timeout). */
export abstract class ReplicaFailureError extends RequestExecutionError implements ReplicaCounts, FailureDetails {
  override readonly name: string = 'ReplicaFailureError';
  constructor(
    message: string,
    consistency: number,
    readonly received: number,
    readonly blockFor: number,
    readonly numFailures: number,
    readonly reasonMap: ReadonlyMap<string, number> | null,
  ) { super(message, consistency); }
}

/** Base of the errors of a coordinator that turned the request away without running it (another host may take it). */
export abstract class CoordinatorRefusedError extends ResponseError {
  override readonly name: string = 'CoordinatorRefusedError';
}

/**
 * Base of the errors of a request the server refuses as written: syntax, validity, permissions,
 * configuration, an object that already exists. Sending it again, anywhere, fails the same way.
 */
export abstract class QueryValidationError extends ResponseError {
  override readonly name: string = 'QueryValidationError';
}

/** 0x0000: something unexpected happened server-side. */
export class ServerError extends ResponseError {
  override readonly name: string = 'ServerError';
  readonly code = ServerErrorCode.ServerError;
}

/** 0x000A: the server saw a protocol violation in what we sent (our `ProtocolError` is the reverse). */
export class ServerProtocolError extends ResponseError {
  override readonly name: string = 'ServerProtocolError';
  readonly code = ServerErrorCode.ProtocolError;
}

/** 0x0100: authentication failed (bad credentials). */
export class AuthenticationError extends ResponseError {
  override readonly name: string = 'AuthenticationError';
  readonly code = ServerErrorCode.BadCredentials;
}

/** 0x1000: not enough replicas alive to satisfy the consistency level. */
export class UnavailableError extends RequestExecutionError {
  override readonly name: string = 'UnavailableError';
  readonly code = ServerErrorCode.Unavailable;
  constructor(
    message: string,
    /** Consistency code of the request (see `Consistency`). */
    consistency: number,
    readonly required: number,
    readonly alive: number,
  ) { super(message, consistency); }
}

/** 0x1001: the coordinator is overloaded. */
export class OverloadedError extends CoordinatorRefusedError {
  override readonly name: string = 'OverloadedError';
  readonly code = ServerErrorCode.Overloaded;
}

/** 0x1002: the coordinator is bootstrapping. */
export class BootstrappingError extends CoordinatorRefusedError {
  override readonly name: string = 'BootstrappingError';
  readonly code = ServerErrorCode.IsBootstrapping;
}

/** 0x1003: a TRUNCATE failed. */
export class TruncateError extends ResponseError {
  override readonly name: string = 'TruncateError';
  readonly code = ServerErrorCode.TruncateError;
}

/** 0x1100: a write timed out. `contentions` is set for CAS writes in v5, else null. */
export class WriteTimeoutError extends ReplicaTimeoutError {
  override readonly name: string = 'WriteTimeoutError';
  readonly code = ServerErrorCode.WriteTimeout;
  constructor(
    message: string,
    consistency: number,
    received: number,
    blockFor: number,
    /** SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, CAS, VIEW or CDC. */
    readonly writeType: string,
    readonly contentions: number | null,
  ) { super(message, consistency, received, blockFor); }
}

/** 0x1200: a read timed out. */
export class ReadTimeoutError extends ReplicaTimeoutError {
  override readonly name: string = 'ReadTimeoutError';
  readonly code = ServerErrorCode.ReadTimeout;
  constructor(
    message: string,
    consistency: number,
    received: number,
    blockFor: number,
    /** Whether the replica asked for the data responded. */
    readonly dataPresent: boolean,
  ) { super(message, consistency, received, blockFor); }
}

/** 0x1300: a read failed on some replicas (not a timeout). */
export class ReadFailureError extends ReplicaFailureError {
  override readonly name: string = 'ReadFailureError';
  readonly code = ServerErrorCode.ReadFailure;
  constructor(
    message: string,
    consistency: number,
    received: number,
    blockFor: number,
    numFailures: number,
    reasonMap: ReadonlyMap<string, number> | null,
    readonly dataPresent: boolean,
  ) { super(message, consistency, received, blockFor, numFailures, reasonMap); }
}

/** 0x1400: a user-defined function failed. */
export class FunctionFailureError extends ResponseError {
  override readonly name: string = 'FunctionFailureError';
  readonly code = ServerErrorCode.FunctionFailure;
  constructor(
    message: string,
    readonly keyspace: string,
    readonly functionName: string,
    /** CQL types of the function's arguments. */
    readonly argTypes: readonly string[],
  ) { super(message); }
}

/** 0x1500: a write failed on some replicas (not a timeout). */
export class WriteFailureError extends ReplicaFailureError {
  override readonly name: string = 'WriteFailureError';
  readonly code = ServerErrorCode.WriteFailure;
  constructor(
    message: string,
    consistency: number,
    received: number,
    blockFor: number,
    numFailures: number,
    reasonMap: ReadonlyMap<string, number> | null,
    readonly writeType: string,
  ) { super(message, consistency, received, blockFor, numFailures, reasonMap); }
}

/** 0x1600: a write to CDC-tracked data failed (CDC space exhausted). */
export class CdcWriteFailureError extends ResponseError {
  override readonly name: string = 'CdcWriteFailureError';
  readonly code = ServerErrorCode.CdcWriteFailure;
}

/** 0x1700: a contended CAS write may or may not have been applied. */
export class CasWriteUnknownError extends RequestExecutionError implements ReplicaCounts {
  override readonly name: string = 'CasWriteUnknownError';
  readonly code = ServerErrorCode.CasWriteUnknown;
  constructor(
    message: string,
    consistency: number,
    readonly received: number,
    readonly blockFor: number,
  ) { super(message, consistency); }
}

/** 0x2000: the CQL has a syntax error. */
export class CqlSyntaxError extends QueryValidationError {
  override readonly name: string = 'CqlSyntaxError';
  readonly code = ServerErrorCode.SyntaxError;
}

/** 0x2100: the user lacks the permission. */
export class UnauthorizedError extends QueryValidationError {
  override readonly name: string = 'UnauthorizedError';
  readonly code = ServerErrorCode.Unauthorized;
}

/** 0x2200: the query is syntactically correct but invalid. */
export class InvalidQueryError extends QueryValidationError {
  override readonly name: string = 'InvalidQueryError';
  readonly code = ServerErrorCode.Invalid;
}

/** 0x2300: the query is invalid because of a configuration issue. */
export class ConfigurationError extends QueryValidationError {
  override readonly name: string = 'ConfigurationError';
  readonly code = ServerErrorCode.ConfigError;
}

/** 0x2400: the keyspace or table already exists (`table` is '' for a keyspace). */
export class AlreadyExistsError extends QueryValidationError {
  override readonly name: string = 'AlreadyExistsError';
  readonly code = ServerErrorCode.AlreadyExists;
  constructor(message: string, readonly keyspace: string, readonly table: string) { super(message); }
}

/** 0x2500: the node does not know this prepared statement id; re-prepare and retry. */
export class UnpreparedError extends ResponseError {
  override readonly name: string = 'UnpreparedError';
  readonly code = ServerErrorCode.Unprepared;
  /** The unknown prepared id (a copy: it outlives the frame). */
  constructor(message: string, readonly id: Buffer) { super(message); }
}

/** An error code this driver does not know (a newer server); `code` tells which. */
export class UnknownResponseError extends ResponseError {
  override readonly name: string = 'UnknownResponseError';
  constructor(message: string, readonly code: number) { super(message); }
}
