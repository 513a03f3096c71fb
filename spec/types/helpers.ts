// Shared helpers of the type-system specs.
import { ProtocolError, InvalidValueError } from '../../lib/errors/codec-errors';
import type { DataType } from '../../lib/types/data-type';
import { parseCqlType } from '../../lib/types/cql-type-names';
import { encodeValue } from '../../lib/types/encode';
import { decodeValue } from '../../lib/types/decode';
import type { DecodeOptions } from '../../lib/types/options';

/** Bytes from a hex literal written by hand (spaces allowed). */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

export function t(cql: string): DataType {
  return parseCqlType(cql);
}

/** Encode and return hex; fails the test on null/unset. */
export function encHex(type: DataType | string, value: unknown): string {
  const bytes = encodeValue(typeof type === 'string' ? t(type) : type, value, 'parameter 0');
  if (!Buffer.isBuffer(bytes)) throw new Error('expected bytes');
  return bytes.toString('hex');
}

export function roundTrip(type: DataType, value: unknown, options?: DecodeOptions): unknown {
  const bytes = encodeValue(type, value, 'parameter 0');
  if (!Buffer.isBuffer(bytes)) throw new Error('expected bytes');
  return decodeValue(type, bytes, options);
}

/** The error thrown by `fn`, which must be an `InvalidValueError`. */
export function invalid(fn: () => unknown): InvalidValueError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidValueError) return e;
    throw new Error(`expected InvalidValueError, got ${String(e)}`);
  }
  throw new Error('expected InvalidValueError, nothing thrown');
}

/** The error thrown by `fn`, which must be a `ProtocolError`. */
export function protocolError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw new Error(`expected ProtocolError, got ${String(e)}`);
  }
  throw new Error('expected ProtocolError, nothing thrown');
}
