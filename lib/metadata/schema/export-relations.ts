/**
 * CREATE statements for tables, secondary indexes and materialized views, laid out as
 * Cassandra 5.0's `DESCRIBE` prints them (columns with their masks, PRIMARY KEY, CLUSTERING
 * ORDER, then every option as `AND name = value`). Virtual tables come out as a comment: they
 * cannot be created. Views print no masks: their columns take the base table's.
 */
import { maskCql } from './column-masks';
import { qualifiedName, quoteIdentifier } from '../../types/cql-identifier';
import { mapLiteral, optionLiteral } from './cql-format';
import type { ColumnMetadata, IndexMetadata, RelationMetadata, TableMetadata, TableOptions, ViewMetadata } from './model';
import { compareNames } from './row-values';

/** The option order of Cassandra 5.0's `DESCRIBE` (others follow in name order). */
const OPTION_ORDER: readonly string[] = [
  'additional_write_policy', 'allow_auto_snapshot', 'bloom_filter_fp_chance', 'caching', 'cdc', 'comment', 'compaction',
  'compression', 'memtable', 'crc_check_chance', 'default_time_to_live', 'extensions', 'gc_grace_seconds',
  'incremental_backups', 'max_index_interval', 'memtable_flush_period_in_ms', 'min_index_interval', 'read_repair',
  'speculative_retry',
];

/** Stored but no longer accepted by CREATE (kept in `options.all` for drivers' sake). */
const NOT_SETTABLE: ReadonlySet<string> = new Set(['read_repair_chance', 'dclocal_read_repair_chance']);

/** `name = value` for every settable option, in DESCRIBE order (views take no default TTL). */
export function optionClauses(options: TableOptions, isView: boolean): string[] {
  const names = [...options.all.keys()].filter((n) => !NOT_SETTABLE.has(n) && !(isView && n === 'default_time_to_live'));
  const rank = (n: string): number => { const i = OPTION_ORDER.indexOf(n); return i < 0 ? OPTION_ORDER.length : i; };
  names.sort((a, b) => rank(a) - rank(b) || compareNames(a, b));
  return names.map((n) => `${n} = ${optionLiteral(n, options.all.get(n) ?? '')}`);
}

function primaryKey(r: RelationMetadata): string {
  const pk = r.partitionKey.map((c) => quoteIdentifier(c.name)).join(', ');
  const partition = r.partitionKey.length === 1 ? pk : `(${pk})`;
  return `PRIMARY KEY (${[partition, ...r.clusteringColumns.map((c) => quoteIdentifier(c.name))].join(', ')})`;
}

function clusteringOrder(r: RelationMetadata): string {
  return `CLUSTERING ORDER BY (${r.clusteringColumns.map((c) => `${quoteIdentifier(c.name)} ${c.clusteringOrder === 'DESC' ? 'DESC' : 'ASC'}`).join(', ')})`;
}

/** ` WITH a\n    AND b...` with the clustering order first when there is one. */
function withClause(r: RelationMetadata, isView: boolean): string[] {
  const options = 'virtual' in r && r.virtual ? [`comment = ${optionLiteral('comment', r.options.comment)}`] : optionClauses(r.options, isView);
  const clauses = [...(r.clusteringColumns.length > 0 ? [clusteringOrder(r)] : []), ...options];
  return clauses.map((c, i) => (i === 0 ? `WITH ${c}` : `    AND ${c}`));
}

/** `name type [static] [MASKED WITH ks.fn(args)] [PRIMARY KEY]`, in Cassandra's order. */
function columnLine(c: ColumnMetadata, inlineKey: boolean): string {
  const mask = c.mask ? ` MASKED WITH ${maskCql(c.mask)}` : '';
  return `    ${quoteIdentifier(c.name)} ${c.cqlType}${c.kind === 'static' ? ' static' : ''}${mask}${inlineKey ? ' PRIMARY KEY' : ''}`;
}

function tableBody(t: TableMetadata, head: string): string {
  const inlineKey = t.partitionKey.length === 1 && t.clusteringColumns.length === 0;
  const lines = t.columns.toArray().map((c) => columnLine(c, inlineKey && c.kind === 'partition_key'));
  if (!inlineKey) lines.push(`    ${primaryKey(t)}`);
  const [first = '', ...rest] = withClause(t, false);
  return [`${head} ${qualifiedName(t.keyspace, t.name)} (`, lines.join(',\n'), `) ${first}`, ...rest].join('\n').trimEnd() + ';';
}

/** CREATE TABLE (or, for a virtual table, a comment showing its structure). */
export function createTableCql(table: TableMetadata): string {
  if (!table.virtual) return tableBody(table, 'CREATE TABLE');
  return [
    '/*',
    `Warning: Table ${qualifiedName(table.keyspace, table.name)} is a virtual table and cannot be recreated with CQL.`,
    'Structure, for reference:',
    tableBody(table, 'VIRTUAL TABLE'),
    '*/',
  ].join('\n');
}

/** CREATE INDEX, or CREATE CUSTOM INDEX ... USING 'class' [WITH OPTIONS = {...}] (SAI included). */
export function createIndexCql(index: IndexMetadata): string {
  const on = `${quoteIdentifier(index.name)} ON ${qualifiedName(index.keyspace, index.table)} (${index.target})`;
  if (index.kind !== 'CUSTOM' || index.className === null) return `CREATE INDEX ${on};`;
  const rest = Object.entries(index.options).filter(([k]) => k !== 'target' && k !== 'class_name');
  const options = rest.length > 0 ? ` WITH OPTIONS = ${mapLiteral(Object.fromEntries(rest))}` : '';
  return `CREATE CUSTOM INDEX ${on} USING '${index.className.replace(/'/g, "''")}'${options};`;
}

/** CREATE MATERIALIZED VIEW ... AS SELECT ... FROM ... WHERE ... PRIMARY KEY (...) WITH .... */
export function createViewCql(view: ViewMetadata): string {
  const selected = view.includeAllColumns ? '*' : view.columns.toArray().map((c) => quoteIdentifier(c.name)).join(', ');
  return [
    `CREATE MATERIALIZED VIEW ${qualifiedName(view.keyspace, view.name)} AS`,
    `    SELECT ${selected}`,
    `    FROM ${qualifiedName(view.keyspace, view.baseTable)}`,
    `    WHERE ${view.whereClause}`,
    `    ${primaryKey(view)}`,
    ...withClause(view, true).map((line, i) => (i === 0 ? ` ${line}` : line)),
  ].join('\n') + ';';
}
