/**
 * Tables, views, indexes and triggers of one keyspace from their `system_schema` rows (and
 * virtual tables from `system_virtual_schema`). Callers pass the rows that belong to the relation.
 */
import type { UdtResolver } from '../../types/cql-type-names';
import { parseColumns } from './columns';
import { FrozenMap } from './frozen-map';
import type {
  ColumnKind, DroppedColumnMetadata, IndexMetadata, TableMetadata, TriggerMetadata, ViewMetadata,
} from './model';
import type { SchemaRow } from './query-runner';
import { boolOr, compareNames, text, textList, textMap, textOr, timeOrNull } from './row-values';
import { parseTableOptions } from './table-options';

/** The rows describing one table (any may be empty). */
export interface TableRows {
  readonly table: SchemaRow;
  readonly columns: readonly SchemaRow[];
  readonly indexes?: readonly SchemaRow[];
  readonly triggers?: readonly SchemaRow[];
  readonly droppedColumns?: readonly SchemaRow[];
  /** Its `system_schema.column_masks` rows (Cassandra 5.0+; absent or empty: no masks). */
  readonly columnMasks?: readonly SchemaRow[];
}

const SAI_CLASS = /(^|\.)StorageAttachedIndex$/;

export function parseIndex(row: SchemaRow): IndexMetadata {
  const options = textMap(row, 'options');
  const className = options['class_name'] ?? null;
  return Object.freeze({
    keyspace: text(row, 'keyspace_name'),
    table: text(row, 'table_name'),
    name: text(row, 'index_name'),
    kind: textOr(row, 'kind', 'COMPOSITES').toUpperCase(),
    target: options['target'] ?? '',
    className,
    isSai: className !== null && SAI_CLASS.test(className),
    options,
  });
}

function parseTrigger(row: SchemaRow): TriggerMetadata {
  return Object.freeze({ name: text(row, 'trigger_name'), options: textMap(row, 'options') });
}

function parseDropped(row: SchemaRow): DroppedColumnMetadata {
  return Object.freeze({
    name: text(row, 'column_name'),
    cqlType: textOr(row, 'type', ''),
    kind: textOr(row, 'kind', 'regular').toLowerCase() as ColumnKind,
    droppedTime: timeOrNull(row, 'dropped_time'),
  });
}

function byName<T extends { readonly name: string }>(items: readonly T[]): FrozenMap<string, T> {
  return FrozenMap.by([...items].sort((a, b) => compareNames(a.name, b.name)), (i) => i.name);
}

/** A regular table; `virtual` for rows of `system_virtual_schema.tables`. */
export function parseTable(rows: TableRows, resolver: UdtResolver, virtual = false): TableMetadata {
  const { table } = rows;
  const flags = Object.freeze(textList(table, 'flags').map((f) => f.toLowerCase()).sort());
  const id = textOr(table, 'id', null);
  return Object.freeze({
    kind: 'table',
    keyspace: text(table, 'keyspace_name'),
    name: text(table, 'table_name'),
    id,
    virtual,
    ...parseColumns(rows.columns, resolver, rows.columnMasks),
    options: parseTableOptions(table),
    flags,
    isCounter: flags.includes('counter'),
    indexes: byName((rows.indexes ?? []).map(parseIndex)),
    triggers: byName((rows.triggers ?? []).map(parseTrigger)),
    droppedColumns: byName((rows.droppedColumns ?? []).map(parseDropped)),
  });
}

/**
 * A materialized view from its `system_schema.views` row, its columns and their masks (a view's
 * columns carry the masks of its base table's columns).
 */
export function parseView(
  view: SchemaRow, columns: readonly SchemaRow[], resolver: UdtResolver, columnMasks: readonly SchemaRow[] = [],
): ViewMetadata {
  return Object.freeze({
    kind: 'view',
    keyspace: text(view, 'keyspace_name'),
    name: text(view, 'view_name'),
    id: textOr(view, 'id', null),
    ...parseColumns(columns, resolver, columnMasks),
    options: parseTableOptions(view),
    baseTable: text(view, 'base_table_name'),
    baseTableId: textOr(view, 'base_table_id', null),
    whereClause: textOr(view, 'where_clause', ''),
    includeAllColumns: boolOr(view, 'include_all_columns', false),
  });
}
