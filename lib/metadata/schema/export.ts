/**
 * `exportAsCql`: the schema — whole, one keyspace, or one table — as CREATE statements that
 * Cassandra accepts back, in dependency order and in the order Cassandra 5.0's `DESCRIBE`
 * uses: keyspace, user types (dependencies first), functions, aggregates, then each table
 * followed by its indexes and its materialized views. Functions come before tables because
 * 5.0 column masks may call them; aggregates only need functions. Virtual keyspaces and tables
 * are printed as comments.
 */
import { createIndexCql, createTableCql, createViewCql } from './export-relations';
import { createAggregateCql, createFunctionCql, createKeyspaceCql, createTypeCql } from './export-definitions';
import type { KeyspaceMetadata, TableMetadata } from './model';
import type { SchemaSnapshot } from './snapshot';

/** Keyspaces `DESCRIBE SCHEMA` leaves out (cqlsh's `DESCRIBE FULL SCHEMA` includes them). */
export const SYSTEM_KEYSPACES: ReadonlySet<string> = new Set([
  'system', 'system_schema', 'system_auth', 'system_distributed', 'system_traces', 'system_views', 'system_virtual_schema',
]);

export interface ExportOptions {
  /** Include the system and virtual keyspaces. Default false. */
  readonly includeSystem?: boolean;
}

/** One table as statements: CREATE TABLE, its indexes (by name), its views (by name). */
export function tableStatements(ks: KeyspaceMetadata, table: TableMetadata): string[] {
  const views = [...ks.views.values()].filter((v) => v.baseTable === table.name);
  return [createTableCql(table), ...[...table.indexes.values()].map(createIndexCql), ...views.map(createViewCql)];
}

/** One keyspace as statements, in creation order (virtual ones as comments). */
export function keyspaceStatements(ks: KeyspaceMetadata): string[] {
  return [
    createKeyspaceCql(ks),
    ...[...ks.userTypes.values()].map(createTypeCql),
    ...[...ks.functions.values()].map(createFunctionCql),
    ...[...ks.aggregates.values()].map(createAggregateCql),
    ...[...ks.tables.values()].flatMap((t) => tableStatements(ks, t)),
  ];
}

/** Every (non-system, unless asked) keyspace's statements, keyspaces in name order. */
export function schemaStatements(snapshot: SchemaSnapshot, options: ExportOptions = {}): string[] {
  return snapshot.keyspaces()
    .filter((ks) => options.includeSystem || !SYSTEM_KEYSPACES.has(ks.name))
    .flatMap(keyspaceStatements);
}

const join = (statements: readonly string[]): string => `${statements.join('\n\n')}\n`;

/**
 * CQL text: the whole schema (a snapshot), one keyspace (a snapshot and a keyspace name, or a
 * `KeyspaceMetadata`), or one table with its indexes and views. Statements are separated by a
 * blank line; each ends with `;`. An unknown keyspace or table yields ''.
 */
export function exportAsCql(schema: SchemaSnapshot, keyspace?: string, table?: string, options?: ExportOptions): string;
export function exportAsCql(keyspace: KeyspaceMetadata, table?: string): string;
export function exportAsCql(
  source: SchemaSnapshot | KeyspaceMetadata, a?: string, b?: string, options: ExportOptions = {},
): string {
  const isKeyspace = 'tables' in source;
  const ks = isKeyspace ? source : a === undefined ? undefined : source.keyspace(a);
  const tableName = isKeyspace ? a : b;
  if (!isKeyspace && a === undefined) return join(schemaStatements(source, options));
  if (!ks) return '';
  if (tableName === undefined) return join(keyspaceStatements(ks));
  const t = ks.tables.get(tableName);
  if (t) return join(tableStatements(ks, t));
  const v = ks.views.get(tableName);
  return v ? join([createViewCql(v)]) : '';
}
