/**
 * Incremental refresh: given a snapshot and fresh `system_schema` rows for one keyspace, table,
 * view, type, function or aggregate, build the NEW snapshot. Everything the change does not
 * touch is shared with the old snapshot (same objects). Empty rows mean "dropped". A change in a
 * keyspace the snapshot does not know returns the snapshot unchanged (refresh the keyspace).
 */
import { buildKeyspace, sortedByName, sortedBySignature, type KeyspaceRows } from './keyspace';
import { parseAggregate, parseFunction, signatureOf } from './functions';
import type { KeyspaceMetadata } from './model';
import type { SchemaRow } from './query-runner';
import { parseTable, parseView } from './relations';
import { boolOr, textMap } from './row-values';
import type { SchemaSnapshot } from './snapshot';
import { reresolveTypes } from './type-dependents';
import { resolverFor } from './user-types';

/** The whole keyspace from all its rows; `rows.keyspace` undefined removes it. */
export function refreshKeyspace(snapshot: SchemaSnapshot, name: string, rows: KeyspaceRows): SchemaSnapshot {
  if (!rows.keyspace) return snapshot.keyspace(name)?.virtual ? snapshot : snapshot.withoutKeyspace(name);
  return snapshot.withKeyspace(buildKeyspace({ ...rows, keyspace: rows.keyspace }));
}

/**
 * Only the keyspace's own options (ALTER KEYSPACE: replication, durable_writes), from its
 * `system_schema.keyspaces` row; tables, types and functions are shared.
 */
export function refreshKeyspaceOptions(snapshot: SchemaSnapshot, name: string, row: SchemaRow | undefined): SchemaSnapshot {
  const old = snapshot.keyspace(name);
  if (!row) return old?.virtual ? snapshot : snapshot.withoutKeyspace(name);
  if (!old) return snapshot;
  return snapshot.withKeyspace(Object.freeze({
    ...old, durableWrites: boolOr(row, 'durable_writes', true), replication: textMap(row, 'replication'),
  }));
}

/** Fresh rows for one table or view (a TABLE schema change covers both). */
export interface RelationRows {
  /** Its `system_schema.tables` row(s): empty if it is not (or no longer) a table. */
  readonly tables: readonly SchemaRow[];
  /** Its `system_schema.views` row(s): empty if it is not (or no longer) a view. */
  readonly views: readonly SchemaRow[];
  readonly columns: readonly SchemaRow[];
  readonly indexes: readonly SchemaRow[];
  readonly triggers: readonly SchemaRow[];
  readonly droppedColumns: readonly SchemaRow[];
  /** Its `system_schema.column_masks` rows (Cassandra 5.0+; absent or empty: no masks). */
  readonly columnMasks?: readonly SchemaRow[];
}

function withRelations(ks: KeyspaceMetadata, patch: Partial<Pick<KeyspaceMetadata, 'tables' | 'views'>>): KeyspaceMetadata {
  return Object.freeze({ ...ks, ...patch });
}

/** One table or materialized view; with neither a table nor a view row it is removed. */
export function refreshTable(snapshot: SchemaSnapshot, keyspace: string, name: string, rows: RelationRows): SchemaSnapshot {
  const ks = snapshot.keyspace(keyspace);
  if (!ks || ks.virtual) return snapshot;
  const resolver = resolverFor(ks.name, ks.userTypes);
  const tables = ks.tables.without(name);
  const views = ks.views.without(name);
  const [tableRow] = rows.tables;
  const [viewRow] = rows.views;
  if (tableRow) {
    const { columns, indexes, triggers, droppedColumns, columnMasks } = rows;
    const table = parseTable({ table: tableRow, columns, indexes, triggers, droppedColumns, columnMasks }, resolver);
    return snapshot.withKeyspace(withRelations(ks, { tables: sortedByName([...tables.values(), table]), views }));
  }
  if (viewRow) {
    const view = parseView(viewRow, rows.columns, resolver, rows.columnMasks);
    return snapshot.withKeyspace(withRelations(ks, { tables, views: sortedByName([...views.values(), view]) }));
  }
  if (tables === ks.tables && views === ks.views) return snapshot;
  return snapshot.withKeyspace(withRelations(ks, { tables, views }));
}

/** One materialized view (same as `refreshTable`, kept for call sites that know it is a view). */
export function refreshView(snapshot: SchemaSnapshot, keyspace: string, name: string, rows: RelationRows): SchemaSnapshot {
  return refreshTable(snapshot, keyspace, name, rows);
}

/**
 * One user type from its `system_schema.types` row (none: dropped). Types, tables, views,
 * functions and aggregates that use it (directly or through other types) are re-resolved;
 * the rest are shared.
 */
export function refreshType(snapshot: SchemaSnapshot, keyspace: string, name: string, rows: readonly SchemaRow[]): SchemaSnapshot {
  const ks = snapshot.keyspace(keyspace);
  if (!ks || ks.virtual) return snapshot;
  return snapshot.withKeyspace(reresolveTypes(ks, name, rows));
}

/** One function overload (`argumentTypes` as CQL); no rows: dropped. */
export function refreshFunction(
  snapshot: SchemaSnapshot, keyspace: string, name: string, argumentTypes: readonly string[], rows: readonly SchemaRow[],
): SchemaSnapshot {
  const ks = snapshot.keyspace(keyspace);
  if (!ks || ks.virtual) return snapshot;
  const signature = signatureOf(name, argumentTypes);
  const fresh = rows.map((r) => parseFunction(r, resolverFor(ks.name, ks.userTypes))).filter((f) => f.signature === signature);
  const kept = ks.functions.without(signature);
  if (fresh.length === 0 && kept === ks.functions) return snapshot;
  return snapshot.withKeyspace(Object.freeze({ ...ks, functions: sortedBySignature([...kept.values(), ...fresh]) }));
}

/** One aggregate overload; no rows: dropped. */
export function refreshAggregate(
  snapshot: SchemaSnapshot, keyspace: string, name: string, argumentTypes: readonly string[], rows: readonly SchemaRow[],
): SchemaSnapshot {
  const ks = snapshot.keyspace(keyspace);
  if (!ks || ks.virtual) return snapshot;
  const signature = signatureOf(name, argumentTypes);
  const fresh = rows.map((r) => parseAggregate(r, resolverFor(ks.name, ks.userTypes))).filter((a) => a.signature === signature);
  const kept = ks.aggregates.without(signature);
  if (fresh.length === 0 && kept === ks.aggregates) return snapshot;
  return snapshot.withKeyspace(Object.freeze({ ...ks, aggregates: sortedBySignature([...kept.values(), ...fresh]) }));
}
