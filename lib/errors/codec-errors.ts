/**
 * Errors about data the driver reads or writes: bytes that break the protocol, JavaScript values
 * that cannot be encoded, CQL type strings that cannot be parsed, schema rows missing a cell.
 * (The codecs' helpers that build them, with the type's CQL name, are in lib/types/codec-errors.ts.)
 */
import { DriverError } from './driver-error';

/**
 * Bytes from the wire that break the native protocol: bad lengths, truncated bodies, bad CRCs,
 * unknown opcodes or type ids. The decoder raises nothing else; a connection that sees one is replaced.
 */
export class ProtocolError extends DriverError {
  override readonly name: string = 'ProtocolError';
}

/**
 * A value that cannot be encoded as the CQL type it is bound to. Raised before anything is sent.
 * `target` names the parameter or column (e.g. `parameter 2`, `column "id"`, `field "street" of udt ks.address`).
 */
export class InvalidValueError extends DriverError {
  override readonly name: string = 'InvalidValueError';

  constructor(
    readonly target: string,
    readonly cqlType: string,
    readonly received: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Invalid value for ${target} of CQL type ${cqlType}: ${reason} (received ${received})`, options);
  }
}

/** A CQL type string (from a hint or from `system_schema`) that cannot be parsed. */
export class CqlTypeParseError extends DriverError {
  override readonly name: string = 'CqlTypeParseError';

  constructor(readonly input: string, readonly reason: string) {
    super(`Cannot parse CQL type "${input}": ${reason}`);
  }
}

/** A `system_schema` row without a cell the schema model needs. */
export class SchemaRowError extends DriverError {
  override readonly name: string = 'SchemaRowError';
}

/** Describe a JavaScript value for an error message without dumping large or secret payloads. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `string "${value.slice(0, 37)}..." (${value.length} chars)` : `string "${value}"`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value.toString()}`;
    case 'function':
      return 'function';
    case 'symbol':
      return 'symbol';
    default: {
      if (Buffer.isBuffer(value)) return `Buffer(${value.length})`;
      if (Array.isArray(value)) return `array(${value.length})`;
      const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
      return ctor && ctor !== 'Object' ? `${ctor} instance` : 'object';
    }
  }
}
