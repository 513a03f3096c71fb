/**
 * Table and view options from a `system_schema.tables` / `views` row: every option column as
 * read (`all`) plus the common ones typed. Where the row holds null, the typed field takes
 * Cassandra 5.0's default (`memtable` 'default', `cdc` false, ...), as `DESCRIBE` prints them.
 */
import { FrozenMap } from './frozen-map';
import type { OptionValue, TableOptions, TextMap } from './model';
import type { SchemaRow } from './query-runner';
import { boolOr, frozenRecord, hexMap, numberOr, textMap, textOr } from './row-values';

/** Columns of the tables/views rows that identify or describe the relation rather than tune it. */
const NOT_OPTIONS: ReadonlySet<string> = new Set([
  'keyspace_name', 'table_name', 'view_name', 'id', 'flags', 'base_table_id', 'base_table_name',
  'where_clause', 'include_all_columns',
]);

/** Map-valued options whose values are blobs (kept as hex). */
const BLOB_MAPS: ReadonlySet<string> = new Set(['extensions']);

/**
 * Options that 5.0 stores as null when left at their default, with that default (what
 * `DESCRIBE` prints). Applied only when the row has the column at all (older servers lack them).
 */
const NULL_DEFAULTS: ReadonlyMap<string, OptionValue> = new Map<string, OptionValue>([
  ['allow_auto_snapshot', true], ['cdc', false], ['incremental_backups', true], ['memtable', 'default'],
]);

const EMPTY: TextMap = frozenRecord([]);

function optionValue(row: SchemaRow, column: string): OptionValue | undefined {
  const v = row[column];
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  const proto: unknown = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (v instanceof Map || proto === Object.prototype || proto === null) {
    return BLOB_MAPS.has(column) ? hexMap(row, column) : textMap(row, column);
  }
  return String(v);
}

function mapOption(all: ReadonlyMap<string, OptionValue>, name: string): TextMap {
  const v = all.get(name);
  return typeof v === 'object' ? v : EMPTY;
}

export function parseTableOptions(row: SchemaRow): TableOptions {
  const entries: Array<[string, OptionValue]> = [];
  for (const column of Object.keys(row)) {
    if (NOT_OPTIONS.has(column)) continue;
    const value = optionValue(row, column) ?? NULL_DEFAULTS.get(column);
    if (value !== undefined) entries.push([column, value]);
  }
  const all = new FrozenMap(entries);
  return Object.freeze({
    all,
    comment: textOr(row, 'comment', ''),
    compaction: mapOption(all, 'compaction'),
    compression: mapOption(all, 'compression'),
    caching: mapOption(all, 'caching'),
    defaultTimeToLive: numberOr(row, 'default_time_to_live', 0),
    gcGraceSeconds: numberOr(row, 'gc_grace_seconds', 864_000),
    bloomFilterFpChance: numberOr(row, 'bloom_filter_fp_chance', 0.01),
    speculativeRetry: textOr(row, 'speculative_retry', '99p'),
    additionalWritePolicy: textOr(row, 'additional_write_policy', '99p'),
    crcCheckChance: numberOr(row, 'crc_check_chance', 1),
    readRepair: textOr(row, 'read_repair', 'BLOCKING'),
    memtable: textOr(row, 'memtable', 'default'),
    cdc: boolOr(row, 'cdc', false),
    extensions: mapOption(all, 'extensions'),
  });
}
