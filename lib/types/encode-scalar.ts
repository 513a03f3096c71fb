/**
 * Encoders of the single-value CQL types (spec section 6): each takes a JavaScript value and
 * returns its bytes, or raises `InvalidValueError` naming the target, the CQL type and the value.
 */
import Long from 'long';
import type { CustomType, DataType, SimpleType } from './data-type';
import { invalidValue } from './codec-errors';
import { bigintToVarint } from './varint';
import { writeVint } from './vint';
import { isInt64 } from './int64';
import { Uuid } from './uuid';
import { LocalDate } from './local-date';
import { LocalTime } from './local-time';
import { Duration } from './duration';
import { InetAddress } from './inet-address';
import { BigDecimal } from './big-decimal';

const FLOAT_MAX = 3.4028234663852886e38;
const EPOCH_DAY_OFFSET = 2147483648;

/** `value` as a bigint if it is an integer (number, bigint or Long), else undefined. */
export function integerOf(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (Long.isLong(value)) return BigInt((value as Long).toString());
  return undefined;
}

function int64Of(type: DataType, value: unknown, target: string): bigint {
  const n = integerOf(value);
  if (n === undefined) {
    const reason = typeof value === 'number' ? 'expected an integer (a safe-integer number, bigint or Long)' : 'expected a Long, bigint or integer number';
    throw invalidValue(type, value, target, reason);
  }
  if (!isInt64(n)) throw invalidValue(type, value, target, 'out of the 64-bit integer range');
  return n;
}

function smallInt(type: DataType, value: unknown, target: string, bits: 8 | 16 | 32): number {
  const n = typeof value === 'number' ? (Number.isInteger(value) ? value : undefined) : integerOf(value);
  if (n === undefined) {
    const reason = typeof value === 'number' ? 'expected an integer, got a fraction or non-finite number' : 'expected an integer number';
    throw invalidValue(type, value, target, reason);
  }
  const limit = 2 ** (bits - 1);
  if (n < -limit || n >= limit) throw invalidValue(type, value, target, `out of range ${-limit}..${limit - 1}`);
  return Number(n);
}

function uuidBytes(type: DataType, value: unknown, target: string, timeBased: boolean): Buffer {
  let bytes: Buffer;
  if (value instanceof Uuid) bytes = value.toBuffer();
  else if (typeof value === 'string') {
    if (!Uuid.isValidString(value)) throw invalidValue(type, value, target, 'not a canonical UUID string');
    bytes = Uuid.parseBytes(value);
  } else if (Buffer.isBuffer(value) && value.length === 16) bytes = Buffer.from(value);
  else throw invalidValue(type, value, target, 'expected a Uuid, a UUID string or 16 bytes');
  if (timeBased && (bytes[6] ?? 0) >> 4 !== 1) throw invalidValue(type, value, target, 'a timeuuid must be a version 1 UUID');
  return bytes;
}

function attempt<T>(type: DataType, value: unknown, target: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw invalidValue(type, value, target, e instanceof Error ? e.message : String(e));
  }
}

function timestampMs(type: DataType, value: unknown, target: string): bigint {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidValue(type, value, target, 'Invalid Date');
    return BigInt(ms);
  }
  if (typeof value === 'number' || typeof value === 'bigint' || Long.isLong(value)) return int64Of(type, value, target);
  throw invalidValue(type, value, target, 'expected a Date or milliseconds since the epoch (number, bigint, Long)');
}

function localDate(type: DataType, value: unknown, target: string): LocalDate {
  if (value instanceof LocalDate) return value;
  if (value instanceof Date || typeof value === 'string') {
    return attempt(type, value, target, () => (typeof value === 'string' ? LocalDate.parse(value) : LocalDate.fromDate(value)));
  }
  throw invalidValue(type, value, target, 'expected a LocalDate, a Date or a yyyy-mm-dd string');
}

function localTime(type: DataType, value: unknown, target: string): LocalTime {
  if (value instanceof LocalTime) return value;
  if (typeof value === 'string') return attempt(type, value, target, () => LocalTime.parse(value));
  if (typeof value === 'bigint' || Long.isLong(value)) {
    return attempt(type, value, target, () => LocalTime.fromNanoOfDay(integerOf(value) ?? -1n));
  }
  throw invalidValue(type, value, target, 'expected a LocalTime, nanoseconds of day (bigint, Long) or an hh:mm:ss string');
}

function duration(type: DataType, value: unknown, target: string): Buffer {
  const d = value instanceof Duration ? value
    : typeof value === 'string' ? attempt(type, value, target, () => Duration.parse(value)) : undefined;
  if (!d) throw invalidValue(type, value, target, 'expected a Duration or a duration string like 1h30m');
  const out = Buffer.alloc(27);
  let pos = writeVint(BigInt(d.months), out, 0);
  pos = writeVint(BigInt(d.days), out, pos);
  pos = writeVint(d.nanoseconds, out, pos);
  return out.subarray(0, pos);
}

function inet(type: DataType, value: unknown, target: string): Buffer {
  if (value instanceof InetAddress) return value.toBuffer();
  if (typeof value === 'string') {
    if (!InetAddress.isValid(value)) throw invalidValue(type, value, target, 'not an IPv4 or IPv6 address');
    return InetAddress.parse(value).toBuffer();
  }
  if (Buffer.isBuffer(value) && (value.length === 4 || value.length === 16)) return Buffer.from(value);
  throw invalidValue(type, value, target, 'expected an InetAddress, an address string or 4/16 bytes');
}

function decimal(type: DataType, value: unknown, target: string): Buffer {
  let d: BigDecimal;
  if (value instanceof BigDecimal) d = value;
  else if (typeof value === 'string' || typeof value === 'number') {
    d = attempt(type, value, target, () => (typeof value === 'string' ? BigDecimal.parse(value) : BigDecimal.fromNumber(value)));
  } else throw invalidValue(type, value, target, 'expected a BigDecimal, a decimal string or a finite number');
  const unscaled = bigintToVarint(d.unscaled);
  const out = Buffer.alloc(4 + unscaled.length);
  out.writeInt32BE(d.scale, 0);
  unscaled.copy(out, 4);
  return out;
}

function text(type: DataType, value: unknown, target: string, ascii: boolean): Buffer {
  if (typeof value !== 'string') throw invalidValue(type, value, target, 'expected a string');
  if (ascii) {
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) > 127) throw invalidValue(type, value, target, `non-ASCII character at index ${i}`);
    }
    return Buffer.from(value, 'latin1');
  }
  return Buffer.from(value, 'utf8');
}

function bytes(type: DataType, value: unknown, target: string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw invalidValue(type, value, target, 'expected a Buffer or Uint8Array');
}

/** Bytes of `value` as the single-value type `type`. */
export function encodeScalar(type: SimpleType | CustomType, value: unknown, target: string): Buffer {
  switch (type.kind) {
    case 'int': {
      const out = Buffer.allocUnsafe(4);
      out.writeInt32BE(smallInt(type, value, target, 32), 0);
      return out;
    }
    case 'smallint': {
      const out = Buffer.allocUnsafe(2);
      out.writeInt16BE(smallInt(type, value, target, 16), 0);
      return out;
    }
    case 'tinyint':
      return Buffer.from([smallInt(type, value, target, 8) & 0xff]);
    case 'bigint':
    case 'counter': {
      const out = Buffer.allocUnsafe(8);
      out.writeBigInt64BE(int64Of(type, value, target), 0);
      return out;
    }
    case 'timestamp': {
      const out = Buffer.allocUnsafe(8);
      out.writeBigInt64BE(timestampMs(type, value, target), 0);
      return out;
    }
    case 'double': {
      if (typeof value !== 'number') throw invalidValue(type, value, target, 'expected a number');
      const out = Buffer.allocUnsafe(8);
      out.writeDoubleBE(value, 0);
      return out;
    }
    case 'float': {
      if (typeof value !== 'number') throw invalidValue(type, value, target, 'expected a number');
      if (Number.isFinite(value) && Math.abs(value) > FLOAT_MAX) throw invalidValue(type, value, target, 'out of the 32-bit float range');
      const out = Buffer.allocUnsafe(4);
      out.writeFloatBE(value, 0);
      return out;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidValue(type, value, target, 'expected a boolean');
      return Buffer.from([value ? 1 : 0]);
    case 'text':
      return text(type, value, target, false);
    case 'ascii':
      return text(type, value, target, true);
    case 'blob':
    case 'custom':
      return bytes(type, value, target);
    case 'uuid':
      return uuidBytes(type, value, target, false);
    case 'timeuuid':
      return uuidBytes(type, value, target, true);
    case 'varint': {
      const n = integerOf(value);
      if (n === undefined) throw invalidValue(type, value, target, 'expected a bigint, Long or safe-integer number');
      return bigintToVarint(n);
    }
    case 'decimal':
      return decimal(type, value, target);
    case 'date': {
      const out = Buffer.allocUnsafe(4);
      out.writeUInt32BE(localDate(type, value, target).epochDay + EPOCH_DAY_OFFSET, 0);
      return out;
    }
    case 'time': {
      const out = Buffer.allocUnsafe(8);
      out.writeBigInt64BE(localTime(type, value, target).nanoOfDay, 0);
      return out;
    }
    case 'duration':
      return duration(type, value, target);
    case 'inet':
      return inet(type, value, target);
  }
}

