/**
 * Columns of one table or view from its `system_schema.columns` rows: the parsed type (UDTs
 * resolved in the keyspace), kind, position, clustering order and 5.0 mask (from its
 * `system_schema.column_masks` rows), put in `DESCRIBE` order.
 */
import type { UdtResolver } from '../../types/cql-type-names';
import type { DataType } from '../../types/data-type';
import { masksByColumn } from './column-masks';
import { FrozenMap } from './frozen-map';
import type { ClusteringOrder, ColumnKind, ColumnMask, ColumnMetadata } from './model';
import type { SchemaRow } from './query-runner';
import { compareNames, numberOr, text, textOr } from './row-values';
import { parseStoredType } from './user-types';

export interface ParsedColumns {
  readonly columns: FrozenMap<string, ColumnMetadata>;
  readonly partitionKey: readonly ColumnMetadata[];
  readonly clusteringColumns: readonly ColumnMetadata[];
}

const KINDS: ReadonlySet<string> = new Set<ColumnKind>(['partition_key', 'clustering', 'regular', 'static']);

function kindOf(value: string): ColumnKind {
  const lower = value.toLowerCase();
  return KINDS.has(lower) ? (lower as ColumnKind) : 'regular';
}

function orderOf(value: string): ClusteringOrder {
  const upper = value.toUpperCase();
  return upper === 'ASC' || upper === 'DESC' ? upper : 'NONE';
}

/** One `system_schema.columns` (or `system_virtual_schema.columns`) row, with its mask if any. */
export function parseColumn(row: SchemaRow, resolver: UdtResolver, mask: ColumnMask | null = null): ColumnMetadata {
  const cqlType = text(row, 'type');
  return Object.freeze({
    name: text(row, 'column_name'),
    type: parseStoredType(cqlType, resolver),
    cqlType,
    kind: kindOf(textOr(row, 'kind', 'regular')),
    position: numberOr(row, 'position', -1),
    clusteringOrder: orderOf(textOr(row, 'clustering_order', 'none')),
    mask,
  });
}

/** Non-frozen collections and UDTs are stored cell by cell ("complex"); Cassandra lists them last. */
export function isMultiCell(type: DataType): boolean {
  switch (type.kind) {
    case 'list': case 'set': case 'map': case 'udt':
      return !type.frozen;
    default:
      return false;
  }
}

function byCellsThenName(a: ColumnMetadata, b: ColumnMetadata): number {
  const complex = Number(isMultiCell(a.type)) - Number(isMultiCell(b.type));
  return complex !== 0 ? complex : compareNames(a.name, b.name);
}

/** Orders parsed columns: partition key and clustering by position, then statics, then regulars. */
export function arrangeColumns(all: readonly ColumnMetadata[]): ParsedColumns {
  const byPosition = (kind: ColumnKind): ColumnMetadata[] =>
    all.filter((c) => c.kind === kind).sort((a, b) => a.position - b.position);
  const partitionKey = byPosition('partition_key');
  const clusteringColumns = byPosition('clustering');
  const statics = all.filter((c) => c.kind === 'static').sort(byCellsThenName);
  const regulars = all.filter((c) => c.kind === 'regular').sort(byCellsThenName);
  return Object.freeze({
    columns: FrozenMap.by([...partitionKey, ...clusteringColumns, ...statics, ...regulars], (c) => c.name),
    partitionKey: Object.freeze(partitionKey),
    clusteringColumns: Object.freeze(clusteringColumns),
  });
}

/** The columns of one relation from its `columns` rows and its `column_masks` rows (none before 5.0). */
export function parseColumns(rows: readonly SchemaRow[], resolver: UdtResolver, maskRows: readonly SchemaRow[] = []): ParsedColumns {
  const masks = masksByColumn(maskRows);
  return arrangeColumns(rows.map((r) => parseColumn(r, resolver, masks.get(text(r, 'column_name')) ?? null)));
}
