/** Result-set metadata of RESULT Rows and Prepared (spec v5 4.2.5.2 and 4.2.5.4). */
import { ProtocolError } from '../errors/codec-errors';
import type { DataType } from '../types/data-type';
import type { ProtocolVersion } from './opcodes';
import type { Reader } from './reader';
import { readType } from './type-parser';

/** Rows metadata flags (spec 4.2.5.2). */
export const enum RowsFlag {
  GlobalTablesSpec = 0x0001, // Global_tables_spec
  HasMorePages = 0x0002, // Has_more_pages
  NoMetadata = 0x0004, // No_metadata
  MetadataChanged = 0x0008, // Metadata_changed (v5)
}

export interface ColumnSpec {
  readonly keyspace: string;
  readonly table: string;
  readonly name: string;
  readonly type: DataType;
}

export interface RowsMetadata {
  /** Number of columns of each row (also when `columns` is null). */
  readonly columnCount: number;
  /** Column specs; null when the server sent No_metadata (skip-metadata executions). */
  readonly columns: readonly ColumnSpec[] | null;
  /** Paging state for the next page (a copy: it outlives the frame), or null on the last page. */
  readonly pagingState: Buffer | null;
  /** v5 Metadata_changed: the new result metadata id to use in later EXECUTEs (a copy), else null. */
  readonly newMetadataId: Buffer | null;
}

export interface PreparedMetadata {
  /** Bind markers, in order. */
  readonly columns: readonly ColumnSpec[];
  /** Bind-marker index of each partition key component, in key order (v4+; empty in v3). */
  readonly partitionKeyIndexes: readonly number[];
}

/** Reads <metadata> of a Rows result (also the <result_metadata> of a Prepared result). */
export function readRowsMetadata(r: Reader): RowsMetadata {
  const flags = r.int();
  const columnCount = r.int();
  if (columnCount < 0) throw new ProtocolError(`Negative column count ${columnCount}`);
  // Copies: the paging state and metadata id are sent back in later requests.
  const paging = flags & RowsFlag.HasMorePages ? r.bytes() : null;
  const pagingState = paging === null ? null : Buffer.from(paging);
  const newMetadataId = flags & RowsFlag.MetadataChanged ? Buffer.from(r.shortBytes()) : null;
  const columns = flags & RowsFlag.NoMetadata ? null : readColumnSpecs(r, flags, columnCount);
  return { columnCount, columns, pagingState, newMetadataId };
}

/** Reads the bind-marker <metadata> of a Prepared result. */
export function readPreparedMetadata(r: Reader, version: ProtocolVersion): PreparedMetadata {
  const flags = r.int();
  const columnCount = r.int();
  if (columnCount < 0) throw new ProtocolError(`Negative column count ${columnCount}`);
  const partitionKeyIndexes: number[] = [];
  if (version >= 4) {
    const pkCount = r.int();
    if (pkCount < 0) throw new ProtocolError(`Negative pk_count ${pkCount}`);
    for (let i = 0; i < pkCount; i++) partitionKeyIndexes.push(r.short());
  }
  return { columns: readColumnSpecs(r, flags, columnCount), partitionKeyIndexes };
}

function readColumnSpecs(r: Reader, flags: number, count: number): ColumnSpec[] {
  let keyspace = '';
  let table = '';
  const global = (flags & RowsFlag.GlobalTablesSpec) !== 0;
  if (global) {
    keyspace = r.string();
    table = r.string();
  }
  // Grown by push, never pre-sized from `count`: a lying count fails on the missing bytes.
  const columns: ColumnSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (!global) {
      keyspace = r.string();
      table = r.string();
    }
    const name = r.string();
    columns.push({ keyspace, table, name, type: readType(r) });
  }
  return columns;
}
