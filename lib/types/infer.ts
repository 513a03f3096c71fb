/**
 * Type inference for parameters of unprepared statements: which CQL type a JavaScript value is sent
 * as when no prepared metadata says otherwise, and hints (`'int'`, `'list<text>'`, a `DataType`) that
 * override it. Rules (docs/types.md): a number is a `double` (JavaScript numbers are doubles; integer
 * columns need a hint or a prepared statement), a bigint or Long is a `bigint`, an empty or all-null
 * collection takes `blob` elements (its bytes do not depend on the element type).
 */
import Long from 'long';
import type { DataType } from './data-type';
import { InvalidValueError, describeValue } from '../errors/codec-errors';
import { parseCqlType, type UdtResolver } from './cql-type-names';
import { UNSET, type Unset } from './unset';
import { encodeValue } from './encode';
import type { EncodeOptions } from './options';
import { Uuid } from './uuid';
import { TimeUuid } from './time-uuid';
import { LocalDate } from './local-date';
import { LocalTime } from './local-time';
import { Duration } from './duration';
import { InetAddress } from './inet-address';
import { isInt64 } from './int64';
import { BigDecimal } from './big-decimal';
import { Tuple } from './tuple';

/** A type hint: a CQL type string or a descriptor. */
export type TypeHint = string | DataType;

const BLOB: DataType = { kind: 'blob' };

/** The type of the first element that is neither null nor undefined; blob when there is none. */
function firstType(values: Iterable<unknown>): DataType {
  for (const v of values) if (v !== null && v !== undefined) return inferType(v) ?? BLOB;
  return BLOB;
}

/**
 * The CQL type `value` is sent as without a hint, or undefined for null/undefined/unset (their
 * bytes are the same for every type). Throws `TypeError` for values with no CQL counterpart
 * (functions, symbols, class instances the driver does not know).
 */
export function inferType(value: unknown): DataType | undefined {
  if (value === null || value === undefined || value === UNSET) return undefined;
  switch (typeof value) {
    case 'string':
      return { kind: 'text' };
    case 'number':
      return { kind: 'double' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'bigint':
      return isInt64(value) ? { kind: 'bigint' } : { kind: 'varint' };
    case 'object':
      return inferObject(value);
    default:
      throw new TypeError(`No CQL type for a ${typeof value}`);
  }
}

function inferObject(value: object): DataType {
  if (value instanceof Uint8Array) return BLOB;
  if (value instanceof Date) return { kind: 'timestamp' };
  if (Long.isLong(value)) return { kind: 'bigint' };
  if (value instanceof TimeUuid) return { kind: 'timeuuid' };
  if (value instanceof Uuid) return { kind: 'uuid' };
  if (value instanceof LocalDate) return { kind: 'date' };
  if (value instanceof LocalTime) return { kind: 'time' };
  if (value instanceof Duration) return { kind: 'duration' };
  if (value instanceof InetAddress) return { kind: 'inet' };
  if (value instanceof BigDecimal) return { kind: 'decimal' };
  if (value instanceof Tuple) return { kind: 'tuple', elements: value.elements.map((e) => inferType(e) ?? BLOB) };
  if (value instanceof Float32Array) return { kind: 'vector', element: { kind: 'float' }, dimension: value.length };
  if (value instanceof Float64Array) return { kind: 'vector', element: { kind: 'double' }, dimension: value.length };
  if (value instanceof Int32Array) return { kind: 'vector', element: { kind: 'int' }, dimension: value.length };
  if (Array.isArray(value)) return { kind: 'list', element: firstType(value) };
  if (value instanceof Set) return { kind: 'set', element: firstType(value) };
  if (value instanceof Map) {
    const map = value as Map<unknown, unknown>;
    return { kind: 'map', key: firstType(map.keys()), value: firstType(map.values()) };
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    return { kind: 'map', key: { kind: 'text' }, value: firstType(Object.values(value)) };
  }
  throw new TypeError(`No CQL type for a ${describeValue(value)}`);
}

/** A hint as a descriptor: strings are parsed (UDT names resolve through `udtResolver`). */
export function resolveHint(hint: TypeHint, udtResolver?: UdtResolver): DataType {
  return typeof hint === 'string' ? parseCqlType(hint, udtResolver) : hint;
}

/**
 * Encode a parameter of an unprepared statement: by `hint` when given, else by `inferType`.
 * A value with no CQL counterpart or a hint that does not parse raises `InvalidValueError`.
 */
export function encodeInferred(
  value: unknown, target: string, hint?: TypeHint, options?: EncodeOptions, udtResolver?: UdtResolver,
): Buffer | null | Unset {
  let type: DataType | undefined;
  try {
    type = hint === undefined ? inferType(value) : resolveHint(hint, udtResolver);
  } catch (e) {
    const cqlType = typeof hint === 'string' ? hint : '(inferred)';
    throw new InvalidValueError(target, cqlType, describeValue(value), e instanceof Error ? e.message : String(e));
  }
  if (type === undefined) return value === UNSET ? encodeValue(BLOB, value, target, options) : null;
  return encodeValue(type, value, target, options);
}
