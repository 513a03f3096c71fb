/** RESULT bodies (spec v5 4.2.5): Void, Rows, Set_keyspace, Prepared, Schema_change. */
import { ProtocolError } from '../errors/codec-errors';
import type { CellDecoder } from '../types/cell-decoder';
import type { DataType } from '../types/data-type';
import { readSchemaChange, type SchemaChange } from './events';
import { ResultKind, type ProtocolVersion } from './opcodes';
import type { Reader } from './reader';
import {
  readPreparedMetadata, readRowsMetadata, type ColumnSpec, type PreparedMetadata, type RowsMetadata,
} from './result-metadata';
import { checkRowsContent, decodeRows, type Row, type RowsContent } from './rows';

export interface RowsResult {
  readonly kind: 'rows';
  readonly metadata: RowsMetadata;
  /** The raw rows, always available for lazy decoding. */
  readonly content: RowsContent;
  /** Decoded rows, or null when no cell decoder or no column types were available. */
  readonly rows: Row[] | null;
}

export type Result =
  | { readonly kind: 'void' }
  | RowsResult
  | { readonly kind: 'setKeyspace'; readonly keyspace: string }
  | {
      readonly kind: 'prepared';
      /** Prepared statement id (a copy: kept in the registry). */
      readonly id: Buffer;
      /** v5 result metadata id (a copy), else null. */
      readonly resultMetadataId: Buffer | null;
      readonly variables: PreparedMetadata;
      readonly resultMetadata: RowsMetadata;
    }
  | ({ readonly kind: 'schemaChange' } & SchemaChange);

export interface ResultOptions {
  /** Decodes cells eagerly; without it, `rows` is null and `content` is there to decode later. */
  readonly cellDecoder?: CellDecoder;
}

/** `resultColumns` (a prepared statement's) decode rows the server sent without metadata. */
export function readResult(r: Reader, version: ProtocolVersion, options: ResultOptions = {}, resultColumns?: readonly ColumnSpec[]): Result {
  const kind = r.int();
  switch (kind) {
    case ResultKind.Void: return { kind: 'void' };
    case ResultKind.Rows: return readRows(r, options, resultColumns);
    case ResultKind.SetKeyspace: return { kind: 'setKeyspace', keyspace: r.string() };
    case ResultKind.Prepared: {
      const id = Buffer.from(r.shortBytes());
      const resultMetadataId = version >= 5 ? Buffer.from(r.shortBytes()) : null;
      const variables = readPreparedMetadata(r, version);
      return { kind: 'prepared', id, resultMetadataId, variables, resultMetadata: readRowsMetadata(r) };
    }
    case ResultKind.SchemaChange: return { kind: 'schemaChange', ...readSchemaChange(r) };
    default: throw new ProtocolError(`Unknown RESULT kind ${kind}`);
  }
}

function readRows(r: Reader, options: ResultOptions, resultColumns: readonly ColumnSpec[] | undefined): RowsResult {
  const metadata = readRowsMetadata(r);
  const rowCount = r.int();
  const content: RowsContent = { rowCount, columnCount: metadata.columnCount, buf: r.buf, start: r.pos, end: r.end };
  checkRowsContent(content);
  r.pos = r.end;
  const columns = metadata.columns ?? resultColumns ?? null;
  let rows: Row[] | null = null;
  if (options.cellDecoder && columns) {
    const types: DataType[] = columns.map((c) => c.type);
    rows = decodeRows(content, types, options.cellDecoder);
  }
  return { kind: 'rows', metadata, content, rows };
}
