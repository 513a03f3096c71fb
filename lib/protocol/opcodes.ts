/**
 * Frame-level constants of the native protocol: versions, header flags and opcodes
 * (spec v5 section 2.4.1, v4/v3 section 2).
 */

/** Protocol versions this codec speaks. */
export type ProtocolVersion = 3 | 4 | 5;

/** The most significant bit of the version byte marks a response (spec 2.1). */
export const RESPONSE_BIT = 0x80;

/** Header flags (spec v5 2.4.1.2), one bit each. */
export const enum HeaderFlag {
  /** 0x01 Compression: the body is compressed (v3/v4; deprecated and ignored in v5). */
  Compression = 0x01,
  /** 0x02 Tracing: request asks for tracing / response starts with a tracing id [uuid]. */
  Tracing = 0x02,
  /** 0x04 Custom payload: a [bytes map] precedes the message. */
  CustomPayload = 0x04,
  /** 0x08 Warning: the response body starts (after the tracing id) with a [string list]. */
  Warning = 0x08,
  /** 0x10 Use beta: the client opts in to a protocol version still in beta. */
  UseBeta = 0x10,
}

/** Opcodes (spec v5 2.4.1.4), spec name beside each value. */
export const enum Opcode {
  Error = 0x00, // ERROR
  Startup = 0x01, // STARTUP
  Ready = 0x02, // READY
  Authenticate = 0x03, // AUTHENTICATE
  Options = 0x05, // OPTIONS
  Supported = 0x06, // SUPPORTED
  Query = 0x07, // QUERY
  Result = 0x08, // RESULT
  Prepare = 0x09, // PREPARE
  Execute = 0x0a, // EXECUTE
  Register = 0x0b, // REGISTER
  Event = 0x0c, // EVENT
  Batch = 0x0d, // BATCH
  AuthChallenge = 0x0e, // AUTH_CHALLENGE
  AuthResponse = 0x0f, // AUTH_RESPONSE
  AuthSuccess = 0x10, // AUTH_SUCCESS
}

/** Spec names of the opcodes, for messages and logs. */
export function opcodeName(opcode: number): string {
  switch (opcode) {
    case Opcode.Error: return 'ERROR';
    case Opcode.Startup: return 'STARTUP';
    case Opcode.Ready: return 'READY';
    case Opcode.Authenticate: return 'AUTHENTICATE';
    case Opcode.Options: return 'OPTIONS';
    case Opcode.Supported: return 'SUPPORTED';
    case Opcode.Query: return 'QUERY';
    case Opcode.Result: return 'RESULT';
    case Opcode.Prepare: return 'PREPARE';
    case Opcode.Execute: return 'EXECUTE';
    case Opcode.Register: return 'REGISTER';
    case Opcode.Event: return 'EVENT';
    case Opcode.Batch: return 'BATCH';
    case Opcode.AuthChallenge: return 'AUTH_CHALLENGE';
    case Opcode.AuthResponse: return 'AUTH_RESPONSE';
    case Opcode.AuthSuccess: return 'AUTH_SUCCESS';
    default: return `0x${opcode.toString(16).padStart(2, '0')}`;
  }
}

/** Result kinds of a RESULT message (spec 4.2.5). */
export const enum ResultKind {
  Void = 0x0001, // Void
  Rows = 0x0002, // Rows
  SetKeyspace = 0x0003, // Set_keyspace
  Prepared = 0x0004, // Prepared
  SchemaChange = 0x0005, // Schema_change
}

/** Batch types (spec 4.1.7 <type>). */
export const BatchType = { LOGGED: 0, UNLOGGED: 1, COUNTER: 2 } as const;
export type BatchType = (typeof BatchType)[keyof typeof BatchType];
