/** The schema model read from system_schema: immutable snapshots, incremental refresh, and export as CQL. */
export { FrozenMap } from './frozen-map';
export type {
  AggregateMetadata, ClusteringOrder, ColumnKind, ColumnMask, ColumnMetadata, DroppedColumnMetadata, FunctionMetadata,
  IndexMetadata, KeyspaceMetadata, OptionValue, RelationMetadata, TableMetadata, TableOptions, TextMap, TriggerMetadata,
  UserTypeField, UserTypeMetadata, ViewMetadata,
} from './model';
export { SchemaSnapshot } from './snapshot';
export { type QueryRunner, type SchemaRow } from './query-runner';
export { connectionRunner, type ConnectionRunnerOptions } from './connection-runner';
export { SchemaFetcher } from './fetcher';
export { diffSchemas, sameDefinition, type SchemaDifference, type SchemaElementKind } from './diff';
export { buildKeyspace, buildVirtualKeyspace, type KeyspaceRows, type VirtualKeyspaceRows } from './keyspace';
export {
  refreshAggregate, refreshFunction, refreshKeyspace, refreshKeyspaceOptions, refreshTable, refreshType, refreshView,
  type RelationRows,
} from './refresh';
export { parseTable, parseView, parseIndex, type TableRows } from './relations';
export { parseUserTypes } from './user-types';
export { parseFunction, parseAggregate, signatureOf } from './functions';
export { parseTableOptions } from './table-options';
export { maskCql, parseColumnMask } from './column-masks';
export {
  exportAsCql, keyspaceStatements, schemaStatements, tableStatements, SYSTEM_KEYSPACES, type ExportOptions,
} from './export';
export { createIndexCql, createTableCql, createViewCql } from './export-relations';
export { createAggregateCql, createFunctionCql, createKeyspaceCql, createTypeCql } from './export-definitions';
