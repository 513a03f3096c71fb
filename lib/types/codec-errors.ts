/**
 * Error helpers of the value codecs: `InvalidValueError` for bad JavaScript input (before anything
 * is sent), `ProtocolError` for malformed bytes.
 */
import { InvalidValueError, ProtocolError, describeValue } from '../errors/codec-errors';
import type { DataType } from './data-type';
import { typeToCql } from './cql-type-names';

/** Build the error for `value`, bound to `type` at `target`, rejected for `reason`. */
export function invalidValue(type: DataType, value: unknown, target: string, reason: string): InvalidValueError {
  return new InvalidValueError(target, typeToCql(type), describeValue(value), reason);
}

/** Name a nested target: `parameter 0 → element 3`, `column "addr" → field "zip"`. */
export function nestedTarget(target: string, child: string): string {
  return `${target} → ${child}`;
}

/** Malformed bytes of a `type` cell. */
export function malformed(type: DataType, reason: string): ProtocolError {
  return new ProtocolError(`Malformed ${typeToCql(type)} value: ${reason}`);
}
