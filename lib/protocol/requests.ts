/** Request encoders → whole frames (spec v5 4.1): STARTUP, OPTIONS, AUTH_RESPONSE, REGISTER, QUERY, PREPARE, EXECUTE. */
import { StatementError } from '../errors/client-errors';
import { Opcode } from './opcodes';
import { writeQueryParameters, type QueryParameters } from './query-parameters';
import { finishRequest, requireV5, startRequest, type FrameOptions } from './request-frame';

/** STARTUP with its options, e.g. `{ CQL_VERSION: '3.0.0', COMPRESSION: 'lz4' }`. Never compressed. */
export function encodeStartup(options: FrameOptions, startup: Readonly<Record<string, string>>): Buffer {
  const w = startRequest(options);
  w.stringMap(new Map(Object.entries(startup)));
  return finishRequest(w, options, Opcode.Startup);
}

/** OPTIONS (empty body). */
export function encodeOptions(options: FrameOptions): Buffer {
  return finishRequest(startRequest(options, 16), options, Opcode.Options);
}

/** AUTH_RESPONSE with a SASL token ([bytes], may be null). */
export function encodeAuthResponse(options: FrameOptions, token: Buffer | null): Buffer {
  const w = startRequest(options, 16 + (token?.length ?? 0));
  w.bytes(token);
  return finishRequest(w, options, Opcode.AuthResponse);
}

/** REGISTER for event types (TOPOLOGY_CHANGE, STATUS_CHANGE, SCHEMA_CHANGE). */
export function encodeRegister(options: FrameOptions, eventTypes: readonly string[]): Buffer {
  const w = startRequest(options);
  w.stringList(eventTypes);
  return finishRequest(w, options, Opcode.Register);
}

/** QUERY: [long string] query + <query_parameters>. */
export function encodeQuery(options: FrameOptions, query: string, params: QueryParameters): Buffer {
  const w = startRequest(options, 64 + query.length * 3);
  w.longString(query);
  writeQueryParameters(w, options, params);
  return finishRequest(w, options, Opcode.Query);
}

/** PREPARE flags (v5 4.1.5). */
export const enum PrepareFlag {
  WithKeyspace = 0x01, // With keyspace
}

/** PREPARE: [long string] query, then in v5 [int] flags and an optional keyspace. */
export function encodePrepare(options: FrameOptions, query: string, prepare: { readonly keyspace?: string } = {}): Buffer {
  const w = startRequest(options, 32 + query.length * 3);
  w.longString(query);
  if (prepare.keyspace !== undefined) requireV5(options, 'PREPARE with keyspace');
  if (options.version >= 5) {
    w.int(prepare.keyspace !== undefined ? PrepareFlag.WithKeyspace : 0);
    if (prepare.keyspace !== undefined) w.string(prepare.keyspace);
  }
  return finishRequest(w, options, Opcode.Prepare);
}

/**
 * EXECUTE: [short bytes] id, in v5 [short bytes] result metadata id, then <query_parameters>.
 * `resultMetadataId` is required in v5 and ignored before.
 */
export function encodeExecute(
  options: FrameOptions,
  id: Buffer,
  resultMetadataId: Buffer | null,
  params: QueryParameters,
): Buffer {
  if (params.keyspace !== undefined) throw new StatementError('EXECUTE takes no keyspace (it was fixed at PREPARE)');
  const w = startRequest(options, 64 + id.length);
  w.shortBytes(id);
  if (options.version >= 5) {
    if (!resultMetadataId) throw new StatementError('EXECUTE in protocol v5 needs the result metadata id');
    w.shortBytes(resultMetadataId);
  }
  writeQueryParameters(w, options, params);
  return finishRequest(w, options, Opcode.Execute);
}
