/**
 * What a user-type change reaches: the keyspace's types are rebuilt with the fresh row, and
 * every type, table, view, function and aggregate that mentions a changed type (directly or
 * through another type) is re-resolved from the type strings it keeps (`cqlType`). Everything
 * else keeps its identity, so snapshots share it.
 */
import type { UdtResolver } from '../../types/cql-type-names';
import type { DataType } from '../../types/data-type';
import { arrangeColumns } from './columns';
import { FrozenMap } from './frozen-map';
import type {
  AggregateMetadata, FunctionMetadata, KeyspaceMetadata, RelationMetadata, UserTypeMetadata,
} from './model';
import type { SchemaRow } from './query-runner';
import { parseStoredType, parseUserTypes, referencedTypeNames, resolverFor } from './user-types';

/** The `system_schema.types` row a type was read from (types keep their field type strings). */
function rowOf(t: UserTypeMetadata): SchemaRow {
  return {
    keyspace_name: t.keyspace, type_name: t.name,
    field_names: t.fields.map((f) => f.name), field_types: t.fields.map((f) => f.cqlType),
  };
}

const mentions = (types: readonly DataType[], changed: ReadonlySet<string>): boolean =>
  types.some((t) => [...referencedTypeNames(t)].some((n) => changed.has(n)));

function reresolveRelation<R extends RelationMetadata>(relation: R, resolver: UdtResolver): R {
  const columns = relation.columns.toArray().map((c) => Object.freeze({ ...c, type: parseStoredType(c.cqlType, resolver) }));
  return Object.freeze({ ...relation, ...arrangeColumns(columns) });
}

function reresolveFunction(f: FunctionMetadata, resolver: UdtResolver): FunctionMetadata {
  return Object.freeze({
    ...f,
    argumentTypes: Object.freeze(f.argumentCqlTypes.map((t) => parseStoredType(t, resolver))),
    returnType: parseStoredType(f.returnCqlType, resolver),
  });
}

function reresolveAggregate(a: AggregateMetadata, resolver: UdtResolver): AggregateMetadata {
  return Object.freeze({
    ...a,
    argumentTypes: Object.freeze(a.argumentCqlTypes.map((t) => parseStoredType(t, resolver))),
    stateType: parseStoredType(a.stateCqlType, resolver),
    returnType: parseStoredType(a.returnCqlType, resolver),
  });
}

function mapValues<V>(map: FrozenMap<string, V>, update: (v: V) => V): FrozenMap<string, V> {
  let changed = false;
  const entries = [...map].map(([k, v]): [string, V] => {
    const u = update(v);
    if (u !== v) changed = true;
    return [k, u];
  });
  return changed ? new FrozenMap(entries) : map;
}

/** The keyspace with type `name` replaced by `rows` (none: dropped) and its dependents re-resolved. */
export function reresolveTypes(ks: KeyspaceMetadata, name: string, rows: readonly SchemaRow[]): KeyspaceMetadata {
  const typeRows = [...ks.userTypes.values()].filter((t) => t.name !== name).map(rowOf).concat(rows);
  const rebuilt = parseUserTypes(ks.name, typeRows);
  // Changed: the type itself and every type that mentions a changed type (dependency order).
  const changed = new Set<string>([name]);
  for (const t of rebuilt) if (mentions(t.fields.map((f) => f.type), changed)) changed.add(t.name);
  const userTypes = FrozenMap.by(rebuilt.map((t) => (changed.has(t.name) ? t : ks.userTypes.get(t.name) ?? t)), (t) => t.name);
  const resolver = resolverFor(ks.name, userTypes);
  const relationNeeds = (r: RelationMetadata): boolean => mentions(r.columns.toArray().map((c) => c.type), changed)
    || r.columns.toArray().some((c) => c.type.kind === 'custom' && c.cqlType.includes(name));
  return Object.freeze({
    ...ks,
    userTypes,
    tables: mapValues(ks.tables, (t) => (relationNeeds(t) ? reresolveRelation(t, resolver) : t)),
    views: mapValues(ks.views, (v) => (relationNeeds(v) ? reresolveRelation(v, resolver) : v)),
    functions: mapValues(ks.functions, (f) => (mentions([...f.argumentTypes, f.returnType], changed) ? reresolveFunction(f, resolver) : f)),
    aggregates: mapValues(ks.aggregates, (a) => (mentions([...a.argumentTypes, a.stateType, a.returnType], changed) ? reresolveAggregate(a, resolver) : a)),
  });
}
