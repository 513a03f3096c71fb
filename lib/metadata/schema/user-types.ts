/**
 * User-defined types from `system_schema.types`: field order as declared, field types resolved
 * against the keyspace's other types (UDTs nest), and the keyspace's types put in dependency
 * order (a type after every type it uses; otherwise by name bytes, as `DESCRIBE` prints them).
 */
import { CqlTypeParseError } from '../../errors/codec-errors';
import { parseCqlType, type UdtResolver } from '../../types/cql-type-names';
import type { DataType, UdtType } from '../../types/data-type';
import type { UserTypeMetadata } from './model';
import type { SchemaRow } from './query-runner';
import { compareNames, text, textList } from './row-values';

interface RawType {
  readonly name: string;
  readonly fieldNames: readonly string[];
  readonly fieldTypes: readonly string[];
}

/** Parse a stored type string; an unparsable one (an unknown UDT) becomes an opaque custom type. */
export function parseStoredType(cqlType: string, resolver: UdtResolver): DataType {
  try {
    return freezeType(parseCqlType(cqlType, resolver));
  } catch (e) {
    if (e instanceof CqlTypeParseError) return Object.freeze({ kind: 'custom', className: cqlType });
    throw e;
  }
}

/** Freezes a parsed type and everything nested in it (UDTs from the registry already are). */
export function freezeType(type: DataType): DataType {
  if (Object.isFrozen(type)) return type;
  switch (type.kind) {
    case 'list': case 'set': case 'vector': freezeType(type.element); break;
    case 'map': freezeType(type.key); freezeType(type.value); break;
    case 'tuple': type.elements.forEach(freezeType); Object.freeze(type.elements); break;
    case 'udt': type.fields.forEach((f) => freezeType(f.type)); Object.freeze(type.fields); break;
    default: break;
  }
  return Object.freeze(type);
}

/** Resolves unqualified names and names qualified with `keyspace` against `types`. */
export function resolverFor(keyspace: string, types: ReadonlyMap<string, UserTypeMetadata>): UdtResolver {
  return (name, ks) => (ks === undefined || ks === keyspace ? types.get(name)?.type : undefined);
}

/** Names of the UDTs (of any keyspace) that `type` mentions, however deeply nested. */
export function referencedTypeNames(type: DataType, into: Set<string> = new Set()): Set<string> {
  switch (type.kind) {
    case 'list': case 'set': case 'vector':
      referencedTypeNames(type.element, into); break;
    case 'map':
      referencedTypeNames(type.key, into); referencedTypeNames(type.value, into); break;
    case 'tuple':
      type.elements.forEach((e) => referencedTypeNames(e, into)); break;
    case 'udt':
      into.add(type.name);
      type.fields.forEach((f) => referencedTypeNames(f.type, into)); break;
    default:
      break;
  }
  return into;
}

/** The user types of one keyspace, from its `system_schema.types` rows, in dependency order. */
export function parseUserTypes(keyspace: string, rows: readonly SchemaRow[]): UserTypeMetadata[] {
  const raw = new Map<string, RawType>();
  for (const row of rows) {
    const name = text(row, 'type_name');
    raw.set(name, { name, fieldNames: textList(row, 'field_names'), fieldTypes: textList(row, 'field_types') });
  }
  const built = new Map<string, UserTypeMetadata>();
  const inProgress = new Set<string>();
  const ordered: UserTypeMetadata[] = [];

  const build = (name: string): UserTypeMetadata | undefined => {
    const done = built.get(name);
    if (done) return done;
    const r = raw.get(name);
    if (!r || inProgress.has(name)) return undefined; // unknown, or a cycle (Cassandra forbids them)
    inProgress.add(name);
    const resolver: UdtResolver = (n, ks) => (ks === undefined || ks === keyspace ? build(n)?.type : undefined);
    const fields = r.fieldNames.map((fieldName, i) => {
      const cqlType = r.fieldTypes[i] ?? 'blob';
      return Object.freeze({ name: fieldName, cqlType, type: parseStoredType(cqlType, resolver) });
    });
    inProgress.delete(name);
    const type: UdtType = Object.freeze({
      kind: 'udt', keyspace, name, fields: Object.freeze(fields.map((f) => Object.freeze({ name: f.name, type: f.type }))),
    });
    const meta: UserTypeMetadata = Object.freeze({ keyspace, name, fields: Object.freeze(fields), type });
    built.set(name, meta);
    ordered.push(meta); // post-order: dependencies were pushed while parsing the fields
    return meta;
  };

  for (const name of [...raw.keys()].sort(compareNames)) build(name);
  return ordered;
}
