/**
 * Cassandra's internal type class names (`org.apache.cassandra.db.marshal.*`), as the protocol sends
 * them for custom types: `parseMarshalType` turns `…VectorType(…FloatType,3)` into `vector<float, 3>`
 * and any known class into its `DataType`; unknown classes stay `custom`.
 */
import type { DataType, SimpleTypeName } from './data-type';
import { CqlTypeParseError } from '../errors/codec-errors';

const PREFIX = 'org.apache.cassandra.db.marshal.';
const SIMPLE: Readonly<Record<string, SimpleTypeName>> = {
  AsciiType: 'ascii', LongType: 'bigint', BytesType: 'blob', BooleanType: 'boolean', CounterColumnType: 'counter',
  SimpleDateType: 'date', DecimalType: 'decimal', DoubleType: 'double', DurationType: 'duration', FloatType: 'float',
  InetAddressType: 'inet', Int32Type: 'int', ShortType: 'smallint', UTF8Type: 'text', TimeType: 'time',
  TimestampType: 'timestamp', DateType: 'timestamp', TimeUUIDType: 'timeuuid', ByteType: 'tinyint', UUIDType: 'uuid',
  IntegerType: 'varint',
};

/** Split `a,b(c,d),e` at top-level commas. */
function splitTopLevel(input: string, whole: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(input.slice(from, i).trim());
      from = i + 1;
    }
    if (depth < 0) throw new CqlTypeParseError(whole, 'unbalanced parentheses');
  }
  if (depth !== 0) throw new CqlTypeParseError(whole, 'unbalanced parentheses');
  parts.push(input.slice(from).trim());
  return parts;
}

function hexToUtf8(hex: string, whole: string): string {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new CqlTypeParseError(whole, `bad hex name "${hex}"`);
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** Parse a marshal class name (with its parameters) into a `DataType`. */
export function parseMarshalType(className: string): DataType {
  return parse(className.trim(), className, false);
}

function parse(input: string, whole: string, frozen: boolean): DataType {
  const open = input.indexOf('(');
  const rawName = open < 0 ? input : input.slice(0, open);
  const name = rawName.startsWith(PREFIX) ? rawName.slice(PREFIX.length) : rawName;
  if (open < 0) {
    const simple = SIMPLE[name];
    return simple ? { kind: simple } : { kind: 'custom', className: input };
  }
  if (!input.endsWith(')')) throw new CqlTypeParseError(whole, 'missing closing parenthesis');
  const args = splitTopLevel(input.slice(open + 1, -1), whole);
  const arg = (i: number, f = false): DataType => parse(args[i] ?? '', whole, f);
  switch (name) {
    case 'ReversedType':
      return arg(0, frozen);
    case 'FrozenType':
      return arg(0, true);
    case 'ListType':
    case 'SetType': {
      const kind = name === 'ListType' ? 'list' : 'set';
      return frozen ? { kind, element: arg(0), frozen: true } : { kind, element: arg(0) };
    }
    case 'MapType':
      return frozen ? { kind: 'map', key: arg(0), value: arg(1), frozen: true } : { kind: 'map', key: arg(0), value: arg(1) };
    case 'TupleType':
      return { kind: 'tuple', elements: args.map((a) => parse(a, whole, false)) };
    case 'VectorType': {
      const dimension = Number(args[1]);
      if (args.length !== 2 || !Number.isSafeInteger(dimension) || dimension < 1) {
        throw new CqlTypeParseError(whole, 'VectorType takes an element type and a positive dimension');
      }
      return { kind: 'vector', element: arg(0), dimension };
    }
    case 'UserType': {
      const [keyspace = '', hexName = '', ...fieldSpecs] = args;
      const fields = fieldSpecs.map((spec) => {
        const colon = spec.indexOf(':');
        if (colon < 0) throw new CqlTypeParseError(whole, `bad UDT field "${spec}"`);
        return { name: hexToUtf8(spec.slice(0, colon), whole), type: parse(spec.slice(colon + 1), whole, false) };
      });
      const udt = { kind: 'udt' as const, keyspace, name: hexToUtf8(hexName, whole), fields };
      return frozen ? { ...udt, frozen: true } : udt;
    }
    default:
      return { kind: 'custom', className: input };
  }
}
