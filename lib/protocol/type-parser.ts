/** Column types from the [option] notation (spec v5 4.2.5.2) into `DataType` descriptors. */
import { ProtocolError } from '../errors/codec-errors';
import { TypeCode, type DataType, type SimpleTypeName } from '../types/data-type';
import { parseMarshalType } from '../types/marshal-type-names';
import type { Reader } from './reader';

/** Nesting deeper than this is refused (hostile input would otherwise overflow the stack). */
export const MAX_TYPE_DEPTH = 64;

const SIMPLE_NAMES: ReadonlyArray<readonly [number, SimpleTypeName]> = [
  [TypeCode.Ascii, 'ascii'], [TypeCode.Bigint, 'bigint'], [TypeCode.Blob, 'blob'],
  [TypeCode.Boolean, 'boolean'], [TypeCode.Counter, 'counter'], [TypeCode.Decimal, 'decimal'],
  [TypeCode.Double, 'double'], [TypeCode.Float, 'float'], [TypeCode.Int, 'int'],
  [TypeCode.Timestamp, 'timestamp'], [TypeCode.Uuid, 'uuid'], [TypeCode.Varchar, 'text'],
  [TypeCode.Varint, 'varint'], [TypeCode.Timeuuid, 'timeuuid'], [TypeCode.Inet, 'inet'],
  [TypeCode.Date, 'date'], [TypeCode.Time, 'time'], [TypeCode.Smallint, 'smallint'],
  [TypeCode.Tinyint, 'tinyint'], [TypeCode.Duration, 'duration'],
];

/** One shared frozen descriptor per simple type (metadata is parsed for every page). */
const SIMPLE = new Map<number, DataType>(
  SIMPLE_NAMES.map(([code, kind]): [number, DataType] => [code, Object.freeze({ kind })]),
);

/** Reads one [option] describing a column type. Unknown ids raise `ProtocolError`. */
export function readType(r: Reader, depth = 0): DataType {
  if (depth > MAX_TYPE_DEPTH) throw new ProtocolError(`Type nesting deeper than ${MAX_TYPE_DEPTH}`);
  const id = r.option();
  const simple = SIMPLE.get(id);
  if (simple) return simple;
  switch (id) {
    case TypeCode.Custom: return customType(r.string());
    case TypeCode.List: return { kind: 'list', element: readType(r, depth + 1) };
    case TypeCode.Set: return { kind: 'set', element: readType(r, depth + 1) };
    case TypeCode.Map: {
      const key = readType(r, depth + 1);
      return { kind: 'map', key, value: readType(r, depth + 1) };
    }
    case TypeCode.Udt: {
      const keyspace = r.string();
      const name = r.string();
      const n = r.short();
      const fields: { name: string; type: DataType }[] = [];
      for (let i = 0; i < n; i++) {
        const fieldName = r.string();
        fields.push({ name: fieldName, type: readType(r, depth + 1) });
      }
      return { kind: 'udt', keyspace, name, fields };
    }
    case TypeCode.Tuple: {
      const n = r.short();
      const elements: DataType[] = [];
      for (let i = 0; i < n; i++) elements.push(readType(r, depth + 1));
      return { kind: 'tuple', elements };
    }
    default:
      throw new ProtocolError(`Unknown type id 0x${id.toString(16).padStart(4, '0')}`);
  }
}

/** A custom type's class name as a DataType; a name we cannot parse stays an opaque custom type. */
function customType(className: string): DataType {
  try {
    return parseMarshalType(className);
  } catch {
    return { kind: 'custom', className };
  }
}
