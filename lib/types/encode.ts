/**
 * The public encoder: `encodeValue(type, value, target)` → the bytes of one [value], or null
 * (write a null), or `UNSET` (leave the column as it is, protocol v4+).
 */
import type { DataType } from './data-type';
import { UNSET, type Unset } from './unset';
import { invalidValue } from './codec-errors';
import { encodeScalar } from './encode-scalar';
import { encodeListOrSet, encodeMap, encodeTuple, encodeUdt } from './encode-composite';
import { encodeVector } from './vector';
import type { EncodeOptions } from './options';

/** Encode a value nested in a collection, tuple, UDT or vector (no unset there). */
function encodeNested(type: DataType, value: unknown, target: string): Buffer | null {
  if (value === null || value === undefined) return null;
  if (value === UNSET) throw invalidValue(type, value, target, 'unset is only allowed for a whole parameter');
  return encodeNonNull(type, value, target);
}

function encodeNonNull(type: DataType, value: unknown, target: string): Buffer {
  switch (type.kind) {
    case 'list':
    case 'set':
      return encodeListOrSet(type, value, target, encodeNested);
    case 'map':
      return encodeMap(type, value, target, encodeNested);
    case 'tuple':
      return encodeTuple(type, value, target, encodeNested);
    case 'udt':
      return encodeUdt(type, value, target, encodeNested);
    case 'vector':
      return encodeVector(type, value, target, encodeNested);
    default:
      return encodeScalar(type, value, target);
  }
}

/**
 * The bytes of `value` as CQL `type`. `null` and `undefined` encode as null, `UNSET` as unset.
 * `target` names the value in errors (`parameter 0`, `column "id"`); nested values extend it
 * (`parameter 0 → element 3`). Invalid values raise `InvalidValueError`.
 *
 * The result may share memory with the input (a blob is returned as given): write it out before
 * the input changes.
 */
export function encodeValue(type: DataType, value: unknown, target: string, options?: EncodeOptions): Buffer | null | Unset {
  if (value === null || value === undefined) return null;
  if (value === UNSET) {
    if (options?.rejectUnset) throw invalidValue(type, value, target, 'unset values need protocol v4 or later');
    return UNSET;
  }
  return encodeNonNull(type, value, target);
}
