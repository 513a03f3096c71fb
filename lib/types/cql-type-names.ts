/**
 * CQL type names: `typeToCql` prints a `DataType` as CQL (`frozen<map<text, list<int>>>`,
 * `vector<float, 3>`), `parseCqlType` reads the strings `system_schema` stores and users pass as hints.
 */
import { CqlTypeParseError } from '../errors/codec-errors';
import { qualifiedName, quoteIdentifier } from './cql-identifier';
import type { DataType, SimpleTypeName, UdtType } from './data-type';

/**
 * Looks up a user-defined type by name, as written in the type string (unquoted) and, when the
 * string qualifies it (`ks.address`), its keyspace. The schema layer passes the table's keyspace
 * registry; undefined means unknown (the parse then fails).
 */
export type UdtResolver = (name: string, keyspace: string | undefined) => UdtType | undefined;

const SIMPLE: ReadonlySet<string> = new Set<SimpleTypeName>([
  'ascii', 'bigint', 'blob', 'boolean', 'counter', 'date', 'decimal', 'double', 'duration', 'float', 'inet',
  'int', 'smallint', 'text', 'time', 'timestamp', 'timeuuid', 'tinyint', 'uuid', 'varint',
]);

/** The CQL spelling of `type`. Tuples print unfrozen (they always are); UDTs as `ks.name`. */
export function typeToCql(type: DataType): string {
  switch (type.kind) {
    case 'list':
    case 'set':
      return frozen(`${type.kind}<${typeToCql(type.element)}>`, type.frozen);
    case 'map':
      return frozen(`map<${typeToCql(type.key)}, ${typeToCql(type.value)}>`, type.frozen);
    case 'tuple':
      return `tuple<${type.elements.map(typeToCql).join(', ')}>`;
    case 'udt': {
      // Where a type is expected, a native type's name (a UDT called `text`) must be quoted too.
      const name = type.keyspace ? qualifiedName(type.keyspace, type.name, SIMPLE) : quoteIdentifier(type.name, SIMPLE);
      return frozen(name, type.frozen);
    }
    case 'vector':
      return `vector<${typeToCql(type.element)}, ${type.dimension}>`;
    case 'custom':
      return `'${type.className.replace(/'/g, "''")}'`;
    default:
      return type.kind;
  }
}

function frozen(inner: string, isFrozen: boolean | undefined): string {
  return isFrozen ? `frozen<${inner}>` : inner;
}

type Token = { readonly kind: 'word' | 'quoted' | 'string' | 'punct'; readonly text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (c === '<' || c === '>' || c === ',') { tokens.push({ kind: 'punct', text: c }); i++; continue; }
    if (c === '"' || c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= input.length) throw new CqlTypeParseError(input, 'unterminated quote');
        if (input[j] === c) {
          if (input[j + 1] === c) { text += c; j += 2; continue; }
          break;
        }
        text += input[j];
        j++;
      }
      tokens.push({ kind: c === '"' ? 'quoted' : 'string', text });
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z0-9_$]+/.exec(input.slice(i))?.[0];
    if (!word) {
      if (c === '.') { tokens.push({ kind: 'punct', text: '.' }); i++; continue; }
      throw new CqlTypeParseError(input, `unexpected character '${c}' at ${i}`);
    }
    tokens.push({ kind: 'word', text: word });
    i += word.length;
  }
  return tokens;
}

/**
 * Parse a CQL type string: every native type (`varchar` is `text`), `list/set/map/tuple/vector`,
 * `frozen<…>`, quoted custom class names (`'org.example.MyType'`) and UDT names (plain, quoted,
 * keyspace-qualified) resolved through `udtResolver`. Raises `CqlTypeParseError`.
 */
export function parseCqlType(input: string, udtResolver?: UdtResolver): DataType {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (reason: string): never => { throw new CqlTypeParseError(input, reason); };
  const expect = (text: string): void => {
    const t = tokens[pos++];
    if (!t || t.kind !== 'punct' || t.text !== text) fail(`expected '${text}' but found ${t ? `'${t.text}'` : 'the end'}`);
  };

  const parseType = (isFrozen: boolean): DataType => {
    const t = tokens[pos++];
    if (!t) return fail('unexpected end');
    if (t.kind === 'string') return { kind: 'custom', className: t.text };
    if (t.kind === 'punct') return fail(`unexpected '${t.text}'`);
    const lower = t.text.toLowerCase();
    const isGeneric = t.kind === 'word' && peek()?.text === '<';
    if (t.kind === 'word' && isGeneric) {
      pos++;
      let type: DataType;
      if (lower === 'frozen') {
        type = parseType(true);
      } else if (lower === 'list' || lower === 'set') {
        const element = parseType(false);
        type = isFrozen ? { kind: lower, element, frozen: true } : { kind: lower, element };
      } else if (lower === 'map') {
        const key = parseType(false);
        expect(',');
        const value = parseType(false);
        type = isFrozen ? { kind: 'map', key, value, frozen: true } : { kind: 'map', key, value };
      } else if (lower === 'tuple') {
        const elements = [parseType(false)];
        while (peek()?.text === ',') { pos++; elements.push(parseType(false)); }
        type = { kind: 'tuple', elements };
      } else if (lower === 'vector') {
        const element = parseType(false);
        expect(',');
        const dim = tokens[pos++];
        const dimension = dim && /^\d+$/.test(dim.text) ? Number(dim.text) : NaN;
        if (!Number.isSafeInteger(dimension) || dimension < 1) fail('a vector dimension is a positive integer');
        type = { kind: 'vector', element, dimension };
      } else {
        return fail(`unknown parameterized type '${t.text}'`);
      }
      expect('>');
      return type;
    }
    if (t.kind === 'word' && (SIMPLE.has(lower) || lower === 'varchar') && peek()?.text !== '.') {
      return { kind: lower === 'varchar' ? 'text' : (lower as SimpleTypeName) };
    }
    return parseUdtName(t, isFrozen);
  };

  const parseUdtName = (first: Token, isFrozen: boolean): DataType => {
    let keyspace: string | undefined;
    let name = first.kind === 'quoted' ? first.text : first.text.toLowerCase();
    if (peek()?.text === '.') {
      pos++;
      const second = tokens[pos++];
      if (!second || second.kind === 'punct' || second.kind === 'string') return fail('expected a type name after "."');
      keyspace = name;
      name = second.kind === 'quoted' ? second.text : second.text.toLowerCase();
    }
    const udt = udtResolver?.(name, keyspace);
    if (!udt) return fail(`unknown type '${keyspace ? `${keyspace}.` : ''}${name}'`);
    return isFrozen && !udt.frozen ? { ...udt, frozen: true } : udt;
  };

  const type = parseType(false);
  if (pos !== tokens.length) fail(`unexpected '${tokens[pos]?.text ?? ''}' after the type`);
  return type;
}
