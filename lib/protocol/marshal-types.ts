/**
 * Custom types arrive as Java marshal class names, e.g.
 * `org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType,3)`.
 * This parses the ones with a CQL meaning (vector and anything nested in it: collections,
 * tuples, frozen/reversed wrappers, UDTs) and maps the rest to `{ kind: 'custom' }`.
 */
import type { DataType, SimpleTypeName, UdtField } from '../types/data-type';

const PREFIX = 'org.apache.cassandra.db.marshal.';
const MAX_DEPTH = 64;

const SIMPLE_CLASSES: ReadonlyMap<string, SimpleTypeName> = new Map<string, SimpleTypeName>([
  ['AsciiType', 'ascii'], ['LongType', 'bigint'], ['BytesType', 'blob'], ['BooleanType', 'boolean'],
  ['CounterColumnType', 'counter'], ['DecimalType', 'decimal'], ['DoubleType', 'double'],
  ['FloatType', 'float'], ['Int32Type', 'int'], ['TimestampType', 'timestamp'], ['DateType', 'timestamp'],
  ['UUIDType', 'uuid'], ['UTF8Type', 'text'], ['IntegerType', 'varint'], ['TimeUUIDType', 'timeuuid'],
  ['InetAddressType', 'inet'], ['SimpleDateType', 'date'], ['TimeType', 'time'], ['ShortType', 'smallint'],
  ['ByteType', 'tinyint'], ['DurationType', 'duration'],
]);

/** A parsed `Name(arg, arg…)` tree. */
interface Node { readonly name: string; readonly args: readonly Node[] }

/** Maps a custom type's class name to a DataType; never throws (unknown → custom). */
export function parseMarshalType(className: string): DataType {
  try {
    const p = new Parser(className);
    const node = p.node(0);
    if (!p.atEnd()) return { kind: 'custom', className };
    return toType(node) ?? { kind: 'custom', className };
  } catch {
    return { kind: 'custom', className };
  }
}

/** The DataType of a class-name tree, or null when it has no CQL meaning we know. */
function toType(n: Node): DataType | null {
  const short = n.name.startsWith(PREFIX) ? n.name.slice(PREFIX.length) : n.name;
  const args = n.args;
  const sub = (a: Node | undefined): DataType => {
    if (!a) throw new Error('missing argument');
    return toType(a) ?? { kind: 'custom', className: render(a) };
  };
  switch (short) {
    case 'VectorType': {
      const dim = Number(args[1]?.name);
      if (args.length !== 2 || !Number.isInteger(dim) || dim <= 0) return null;
      return { kind: 'vector', element: sub(args[0]), dimension: dim };
    }
    case 'FrozenType':
    case 'ReversedType':
      return args.length === 1 && args[0] ? toType(args[0]) : null;
    default:
      break;
  }
  const simple = SIMPLE_CLASSES.get(short);
  if (simple) return args.length === 0 ? { kind: simple } : null;
  switch (short) {
    case 'ListType': return { kind: 'list', element: sub(args[0]) };
    case 'SetType': return { kind: 'set', element: sub(args[0]) };
    case 'MapType': return { kind: 'map', key: sub(args[0]), value: sub(args[1]) };
    case 'TupleType': return { kind: 'tuple', elements: args.map((a) => sub(a)) };
    case 'UserType': {
      // UserType(keyspace, hex(name), hex(field):type, ...)
      const [ks, hexName, ...fieldNodes] = args;
      if (!ks || !hexName) return null;
      const fields: UdtField[] = fieldNodes.map((f) => {
        const colon = f.name.indexOf(':');
        if (colon < 0) throw new Error('bad field');
        const type = sub({ name: f.name.slice(colon + 1), args: f.args });
        return { name: Buffer.from(f.name.slice(0, colon), 'hex').toString('utf8'), type };
      });
      return { kind: 'udt', keyspace: ks.name, name: Buffer.from(hexName.name, 'hex').toString('utf8'), fields };
    }
    default: return null;
  }
}

function render(n: Node): string {
  return n.args.length === 0 ? n.name : `${n.name}(${n.args.map(render).join(',')})`;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean { this.skip(); return this.i >= this.s.length; }

  private skip(): void { while (this.s[this.i] === ' ') this.i++; }

  node(depth: number): Node {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    this.skip();
    const start = this.i;
    while (this.i < this.s.length && !'(),'.includes(this.s[this.i] as string)) this.i++;
    const name = this.s.slice(start, this.i).trim();
    if (name.length === 0) throw new Error('empty name');
    const args: Node[] = [];
    if (this.s[this.i] === '(') {
      this.i++;
      for (;;) {
        args.push(this.node(depth + 1));
        this.skip();
        const c = this.s[this.i++];
        if (c === ')') break;
        if (c !== ',') throw new Error('expected , or )');
      }
    }
    return { name, args };
  }
}
