/**
 * Cassandra 5.0 dynamic data masking: the `system_schema.column_masks` rows of one table or view
 * (one row per masked column) read into `ColumnMask`s, and a mask printed as the
 * `MASKED WITH ks.fn(args)` clause of CREATE TABLE.
 *
 * The server stores each partially applied argument as its type's text form (`1`, `***`,
 * `2020-01-02T03:04:05.000Z`, a blob as hex without `0x`), with `''` plus a `true` in the parallel
 * `function_argument_nulls` list for a null argument (CQL lists cannot hold nulls). The masked
 * value itself, the function's first argument, is not stored. Views carry their base columns'
 * masks (the server writes rows for them too) but CREATE MATERIALIZED VIEW cannot state them.
 */
import { qualifiedName } from '../../types/cql-identifier';
import { cqlString } from './cql-format';
import type { ColumnMask } from './model';
import type { SchemaRow } from './query-runner';
import { text, textList } from './row-values';

/** `function_argument_nulls` as booleans (a missing cell: no nulls). */
function nullFlags(row: SchemaRow): boolean[] {
  const v = row['function_argument_nulls'];
  if (Array.isArray(v) || v instanceof Set) return [...(v as Iterable<unknown>)].map((x) => x === true);
  return [];
}

/** One `system_schema.column_masks` row. */
export function parseColumnMask(row: SchemaRow): ColumnMask {
  const argumentTypes = textList(row, 'function_argument_types');
  const values = textList(row, 'function_argument_values');
  const nulls = nullFlags(row);
  const argumentValues = argumentTypes.map((_, i) => (nulls[i] === true ? null : values[i] ?? null));
  return Object.freeze({
    keyspace: text(row, 'function_keyspace'),
    name: text(row, 'function_name'),
    argumentTypes: Object.freeze(argumentTypes),
    argumentValues: Object.freeze(argumentValues),
  });
}

/** The masks of one relation's columns, by column name (rows of other relations are the caller's to filter). */
export function masksByColumn(rows: readonly SchemaRow[]): Map<string, ColumnMask> {
  return new Map(rows.map((r): [string, ColumnMask] => [text(r, 'column_name'), parseColumnMask(r)]));
}

/** Types whose stored text `DESCRIBE` prints bare: numbers, booleans, UUIDs, durations (`1h2m`). */
const BARE_TYPES: ReadonlySet<string> = new Set([
  'bigint', 'boolean', 'counter', 'decimal', 'double', 'duration', 'float', 'int', 'smallint', 'timeuuid', 'tinyint', 'uuid',
  'varint',
]);

/**
 * One argument as a CQL literal, as Cassandra 5.0's `DESCRIBE` prints it: `null`; numbers,
 * booleans, UUIDs and durations bare; blobs as `0x…`; text, ascii, dates, times, timestamps and
 * addresses as a quoted string. Collection, tuple and UDT values (which the server stores in
 * forms of their own) are not turned back into literals: they come out quoted, as stored.
 */
export function maskArgumentLiteral(cqlType: string, value: string | null): string {
  if (value === null) return 'null';
  const type = cqlType.trim().toLowerCase();
  if (BARE_TYPES.has(type) && value !== '') return value;
  if (type === 'blob') return `0x${value}`;
  return cqlString(value);
}

/** `ks.fn(arg, ...)` as `DESCRIBE` prints it after `MASKED WITH` (names quoted when CQL needs it). */
export function maskCql(mask: ColumnMask): string {
  const args = mask.argumentTypes.map((t, i) => maskArgumentLiteral(t, mask.argumentValues[i] ?? null));
  return `${qualifiedName(mask.keyspace, mask.name)}(${args.join(', ')})`;
}
