/**
 * The schema model: immutable descriptions of keyspaces, tables, views, columns, indexes, user
 * types, functions and aggregates as read from `system_schema` (and `system_virtual_schema`).
 * Every object is frozen; collections are `FrozenMap`s in a stable order (see each field).
 */
import type { DataType, UdtType } from '../../types/data-type';
import type { ReplicationOptions } from '../replication';
import type { FrozenMap } from './frozen-map';

/** A text→text map option (replication, compaction, caching, index options), frozen. */
export type TextMap = Readonly<Record<string, string>>;

export type ColumnKind = 'partition_key' | 'clustering' | 'regular' | 'static';
export type ClusteringOrder = 'ASC' | 'DESC' | 'NONE';

/**
 * A Cassandra 5.0 dynamic data mask (`system_schema.column_masks`): the column reads as
 * `keyspace.name(value, ...argumentValues)` for users without the UNMASK permission.
 */
export interface ColumnMask {
  /** The function's keyspace: `system` for the native `mask_*` functions, else the table's (a UDF). */
  readonly keyspace: string;
  readonly name: string;
  /**
   * CQL types of the partially applied arguments, as stored. The masked value itself, always the
   * function's first argument, is not listed: `mask_inner(1, null)` has `['int', 'int']`.
   */
  readonly argumentTypes: readonly string[];
  /** Each argument in its type's text form as the server stores it (`1`, `***`), or null. */
  readonly argumentValues: readonly (string | null)[];
}

export interface ColumnMetadata {
  readonly name: string;
  readonly type: DataType;
  /** The type exactly as `system_schema.columns.type` spells it (what the export prints). */
  readonly cqlType: string;
  readonly kind: ColumnKind;
  /** Position within the partition key or clustering columns; -1 for regular and static columns. */
  readonly position: number;
  /** ASC or DESC for clustering columns, NONE for the others. */
  readonly clusteringOrder: ClusteringOrder;
  /** The column's 5.0 dynamic data mask; null when unmasked (always, before Cassandra 5.0). */
  readonly mask: ColumnMask | null;
}

/** An option value: text, number, boolean, or a text map (blob maps hold lowercase hex). */
export type OptionValue = string | number | boolean | TextMap;

/** Table (and view) options: every option as read, plus the common ones typed with 5.0 defaults. */
export interface TableOptions {
  /**
   * Every option column of the row, by column name, in the row's order; null cells are left out,
   * except those 5.0 leaves null at their default (allow_auto_snapshot, cdc, incremental_backups,
   * memtable), which hold that default.
   */
  readonly all: FrozenMap<string, OptionValue>;
  readonly comment: string;
  readonly compaction: TextMap;
  readonly compression: TextMap;
  readonly caching: TextMap;
  /** Seconds; 0 = no default TTL. */
  readonly defaultTimeToLive: number;
  /** Seconds. */
  readonly gcGraceSeconds: number;
  readonly bloomFilterFpChance: number;
  readonly speculativeRetry: string;
  readonly additionalWritePolicy: string;
  readonly crcCheckChance: number;
  readonly readRepair: string;
  /** Memtable configuration name; 'default' when the row holds null. */
  readonly memtable: string;
  /** false when the row holds null. */
  readonly cdc: boolean;
  /** Extension name → blob as lowercase hex. */
  readonly extensions: TextMap;
}

export interface IndexMetadata {
  readonly keyspace: string;
  readonly table: string;
  readonly name: string;
  /** KEYS, COMPOSITES or CUSTOM. */
  readonly kind: string;
  /** The indexed target as CQL: `v`, `keys(m)`, `entries(m)`, `full(fl)`, `"Quoted"`. */
  readonly target: string;
  /** The index class for CUSTOM indexes (`StorageAttachedIndex` for SAI), else null. */
  readonly className: string | null;
  /** True for Storage-Attached Indexes. */
  readonly isSai: boolean;
  /** Every option as stored (including `target` and `class_name`). */
  readonly options: TextMap;
}

export interface TriggerMetadata {
  readonly name: string;
  readonly options: TextMap;
}

export interface DroppedColumnMetadata {
  readonly name: string;
  readonly cqlType: string;
  readonly kind: ColumnKind;
  /** When the column was dropped (ms since the epoch), or null if unknown. */
  readonly droppedTime: number | null;
}

/** What tables and views share. */
export interface RelationMetadata {
  readonly keyspace: string;
  readonly name: string;
  /** The table id (a UUID string), or null for virtual tables. */
  readonly id: string | null;
  /**
   * All columns in `DESCRIBE` order: partition key, clustering columns, then static and regular
   * columns (each group single-cell first, then by name bytes).
   */
  readonly columns: FrozenMap<string, ColumnMetadata>;
  readonly partitionKey: readonly ColumnMetadata[];
  readonly clusteringColumns: readonly ColumnMetadata[];
  readonly options: TableOptions;
}

export interface TableMetadata extends RelationMetadata {
  readonly kind: 'table';
  /** Virtual tables (system_virtual_schema) are read-only and export as comments. */
  readonly virtual: boolean;
  /** `system_schema.tables.flags`, lowercase (`compound`, `counter`, `dense`, `super`). */
  readonly flags: readonly string[];
  readonly isCounter: boolean;
  readonly indexes: FrozenMap<string, IndexMetadata>;
  readonly triggers: FrozenMap<string, TriggerMetadata>;
  readonly droppedColumns: FrozenMap<string, DroppedColumnMetadata>;
}

export interface ViewMetadata extends RelationMetadata {
  readonly kind: 'view';
  readonly baseTable: string;
  readonly baseTableId: string | null;
  readonly whereClause: string;
  readonly includeAllColumns: boolean;
}

export interface UserTypeField {
  readonly name: string;
  readonly type: DataType;
  readonly cqlType: string;
}

export interface UserTypeMetadata {
  readonly keyspace: string;
  readonly name: string;
  /** Fields in declaration order. */
  readonly fields: readonly UserTypeField[];
  /** The type descriptor (unfrozen) columns and values use. */
  readonly type: UdtType;
}

export interface FunctionMetadata {
  readonly keyspace: string;
  readonly name: string;
  /** `name(type1,type2)` with the argument types normalized (see `signatureOf`): the map key. */
  readonly signature: string;
  readonly argumentNames: readonly string[];
  readonly argumentTypes: readonly DataType[];
  readonly argumentCqlTypes: readonly string[];
  readonly returnType: DataType;
  readonly returnCqlType: string;
  readonly language: string;
  readonly body: string;
  readonly calledOnNullInput: boolean;
  /** Present only on servers whose `system_schema.functions` has the column (not 5.0): else null. */
  readonly deterministic: boolean | null;
  readonly monotonic: boolean | null;
  readonly monotonicOn: readonly string[];
}

export interface AggregateMetadata {
  readonly keyspace: string;
  readonly name: string;
  readonly signature: string;
  readonly argumentTypes: readonly DataType[];
  readonly argumentCqlTypes: readonly string[];
  readonly stateFunction: string;
  readonly stateType: DataType;
  readonly stateCqlType: string;
  readonly finalFunction: string | null;
  /** The initial state as a CQL literal, or null. */
  readonly initCond: string | null;
  readonly returnType: DataType;
  readonly returnCqlType: string;
  readonly deterministic: boolean | null;
}

export interface KeyspaceMetadata {
  readonly name: string;
  /** Virtual keyspaces (system_views, system_virtual_schema): tables only, read-only. */
  readonly virtual: boolean;
  readonly durableWrites: boolean;
  /** The replication map, `class` included (what TokenMap.getReplicas takes). */
  readonly replication: ReplicationOptions;
  /** Tables by name, in name order. */
  readonly tables: FrozenMap<string, TableMetadata>;
  /** Materialized views by name, in name order. */
  readonly views: FrozenMap<string, ViewMetadata>;
  /** User types by name, in dependency order (a type after the types it uses). */
  readonly userTypes: FrozenMap<string, UserTypeMetadata>;
  /** Functions by signature, in (name, argument types) order. */
  readonly functions: FrozenMap<string, FunctionMetadata>;
  /** Aggregates by signature, in (name, argument types) order. */
  readonly aggregates: FrozenMap<string, AggregateMetadata>;
}
