/**
 * One keyspace from all its `system_schema` rows (`KeyspaceRows`), and virtual keyspaces from
 * `system_virtual_schema`. Types are parsed first so that tables, views, functions and
 * aggregates resolve UDT names against them.
 */
import { FrozenMap } from './frozen-map';
import { parseAggregate, parseFunction } from './functions';
import type { KeyspaceMetadata, TableMetadata, UserTypeMetadata, ViewMetadata } from './model';
import type { SchemaRow } from './query-runner';
import { parseTable, parseView } from './relations';
import { boolOr, compareNames, frozenRecord, text, textMap } from './row-values';
import { parseUserTypes, resolverFor } from './user-types';

/** The rows of every `system_schema` table for one keyspace. */
export interface KeyspaceRows {
  /** The `system_schema.keyspaces` row; undefined when the keyspace does not exist (dropped). */
  readonly keyspace: SchemaRow | undefined;
  readonly tables: readonly SchemaRow[];
  readonly columns: readonly SchemaRow[];
  readonly droppedColumns: readonly SchemaRow[];
  readonly indexes: readonly SchemaRow[];
  readonly views: readonly SchemaRow[];
  readonly types: readonly SchemaRow[];
  readonly functions: readonly SchemaRow[];
  readonly aggregates: readonly SchemaRow[];
  readonly triggers: readonly SchemaRow[];
  /** `system_schema.column_masks` rows (Cassandra 5.0+; absent or empty: no masks). */
  readonly columnMasks?: readonly SchemaRow[];
}

/** Rows of one `system_virtual_schema` keyspace. */
export interface VirtualKeyspaceRows {
  readonly keyspace: SchemaRow;
  readonly tables: readonly SchemaRow[];
  readonly columns: readonly SchemaRow[];
}

/** Rows grouped by the value of `column` (e.g. `table_name`). */
export function groupBy(rows: readonly SchemaRow[], column: string): Map<string, SchemaRow[]> {
  const out = new Map<string, SchemaRow[]>();
  for (const row of rows) {
    const key = String(row[column] ?? '');
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

/** Sorted by name bytes, keyed by name. */
export function sortedByName<T extends { readonly name: string }>(items: Iterable<T>): FrozenMap<string, T> {
  return FrozenMap.by([...items].sort((a, b) => compareNames(a.name, b.name)), (i) => i.name);
}

/** Sorted by signature (name, then argument types), keyed by signature. */
export function sortedBySignature<T extends { readonly signature: string }>(items: Iterable<T>): FrozenMap<string, T> {
  return FrozenMap.by([...items].sort((a, b) => compareNames(a.signature, b.signature)), (i) => i.signature);
}

export function buildKeyspace(rows: KeyspaceRows & { readonly keyspace: SchemaRow }): KeyspaceMetadata {
  const name = text(rows.keyspace, 'keyspace_name');
  const userTypes: FrozenMap<string, UserTypeMetadata> = FrozenMap.by(parseUserTypes(name, rows.types), (t) => t.name);
  const resolver = resolverFor(name, userTypes);
  const columns = groupBy(rows.columns, 'table_name');
  const indexes = groupBy(rows.indexes, 'table_name');
  const triggers = groupBy(rows.triggers, 'table_name');
  const dropped = groupBy(rows.droppedColumns, 'table_name');
  const masks = groupBy(rows.columnMasks ?? [], 'table_name');
  const tables: TableMetadata[] = rows.tables.map((table) => {
    const t = text(table, 'table_name');
    return parseTable({
      table, columns: columns.get(t) ?? [], indexes: indexes.get(t) ?? [],
      triggers: triggers.get(t) ?? [], droppedColumns: dropped.get(t) ?? [], columnMasks: masks.get(t) ?? [],
    }, resolver);
  });
  const views: ViewMetadata[] = rows.views.map((v) => {
    const name = text(v, 'view_name');
    return parseView(v, columns.get(name) ?? [], resolver, masks.get(name) ?? []);
  });
  return Object.freeze({
    name,
    virtual: false,
    durableWrites: boolOr(rows.keyspace, 'durable_writes', true),
    replication: textMap(rows.keyspace, 'replication'),
    tables: sortedByName(tables),
    views: sortedByName(views),
    userTypes,
    functions: sortedBySignature(rows.functions.map((f) => parseFunction(f, resolver))),
    aggregates: sortedBySignature(rows.aggregates.map((a) => parseAggregate(a, resolver))),
  });
}

export function buildVirtualKeyspace(rows: VirtualKeyspaceRows): KeyspaceMetadata {
  const name = text(rows.keyspace, 'keyspace_name');
  const resolver = resolverFor(name, FrozenMap.empty());
  const columns = groupBy(rows.columns, 'table_name');
  const tables = rows.tables.map((table) =>
    parseTable({ table, columns: columns.get(text(table, 'table_name')) ?? [] }, resolver, true));
  const keyspace: KeyspaceMetadata = {
    name,
    virtual: true,
    durableWrites: false,
    replication: frozenRecord([]),
    tables: sortedByName(tables),
    views: FrozenMap.empty(),
    userTypes: FrozenMap.empty(),
    functions: FrozenMap.empty(),
    aggregates: FrozenMap.empty(),
  };
  return Object.freeze(keyspace);
}
