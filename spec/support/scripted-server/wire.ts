/**
 * Server-side wire helpers for the scripted CQL test server: response encoders (the reverse of the
 * driver's decoders, written separately so each side checks the other) and request parsers.
 */
import { RowsFlag } from '../../../lib/protocol/result-metadata';
import { Opcode, ResultKind, type ProtocolVersion } from '../../../lib/protocol/opcodes';
import { Reader } from '../../../lib/protocol/reader';
import { Writer } from '../../../lib/protocol/writer';
import type { DataType } from '../../../lib/types/data-type';
import { encodeValue } from '../../../lib/types/encode';
import { UNSET, type Unset } from '../../../lib/types/unset';

export interface ColumnDef { readonly name: string; readonly type: DataType }

const SIMPLE_IDS: Record<string, number> = {
  ascii: 0x01, bigint: 0x02, blob: 0x03, boolean: 0x04, counter: 0x05, decimal: 0x06, double: 0x07,
  float: 0x08, int: 0x09, timestamp: 0x0b, uuid: 0x0c, text: 0x0d, varint: 0x0e, timeuuid: 0x0f,
  inet: 0x10, date: 0x11, time: 0x12, smallint: 0x13, tinyint: 0x14, duration: 0x15,
};

const MARSHAL: Record<string, string> = { float: 'FloatType', int: 'Int32Type', text: 'UTF8Type', double: 'DoubleType', bigint: 'LongType' };

/** Writes a DataType as an [option] (spec 4.2.5.2). */
export function writeOption(w: Writer, t: DataType): void {
  switch (t.kind) {
    case 'list': case 'set':
      w.short(t.kind === 'list' ? 0x20 : 0x22);
      writeOption(w, t.element);
      return;
    case 'map':
      w.short(0x21);
      writeOption(w, t.key);
      writeOption(w, t.value);
      return;
    case 'tuple':
      w.short(0x31).short(t.elements.length);
      t.elements.forEach((e) => writeOption(w, e));
      return;
    case 'udt':
      w.short(0x30).string(t.keyspace).string(t.name).short(t.fields.length);
      t.fields.forEach((f) => { w.string(f.name); writeOption(w, f.type); });
      return;
    case 'vector':
      w.short(0).string(`org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.${MARSHAL[t.element.kind] ?? 'BytesType'}, ${t.dimension})`);
      return;
    case 'custom':
      w.short(0).string(t.className);
      return;
    default:
      w.short(SIMPLE_IDS[t.kind] as number);
  }
}

/** A response frame: body written by `body`, header filled with the response bit. */
export function responseFrame(version: ProtocolVersion, stream: number, opcode: Opcode, body: (w: Writer) => void, flags = 0): Buffer {
  const w = new Writer(128);
  body(w);
  return Buffer.from(w.finish(version | 0x80, flags, stream, opcode));
}

export function readyFrame(v: ProtocolVersion, stream: number): Buffer {
  return responseFrame(v, stream, Opcode.Ready, () => undefined);
}

export function supportedFrame(v: ProtocolVersion, stream: number, options: Map<string, string[]>): Buffer {
  return responseFrame(v, stream, Opcode.Supported, (w) => {
    w.short(options.size);
    for (const [k, list] of options) w.string(k).stringList(list);
  });
}

export function voidFrame(v: ProtocolVersion, stream: number): Buffer {
  return responseFrame(v, stream, Opcode.Result, (w) => w.int(ResultKind.Void));
}

export function setKeyspaceFrame(v: ProtocolVersion, stream: number, keyspace: string): Buffer {
  return responseFrame(v, stream, Opcode.Result, (w) => w.int(ResultKind.SetKeyspace).string(keyspace));
}

function writeColumns(w: Writer, keyspace: string, table: string, columns: readonly ColumnDef[]): void {
  w.string(keyspace).string(table);
  for (const c of columns) {
    w.string(c.name);
    writeOption(w, c.type);
  }
}

export interface RowsSpec {
  readonly keyspace?: string;
  readonly table?: string;
  readonly columns: readonly ColumnDef[];
  /** JavaScript values, encoded with the driver's own type codecs. */
  readonly rows: readonly (readonly unknown[])[];
  readonly pagingState?: Buffer | null;
  /** Omit column specs (the request asked for skip metadata). */
  readonly noMetadata?: boolean;
}

export function rowsFrame(v: ProtocolVersion, stream: number, spec: RowsSpec, flags = 0): Buffer {
  return responseFrame(v, stream, Opcode.Result, (w) => {
    w.int(ResultKind.Rows);
    let mflags = spec.noMetadata ? RowsFlag.NoMetadata : RowsFlag.GlobalTablesSpec;
    if (spec.pagingState) mflags |= RowsFlag.HasMorePages;
    w.int(mflags).int(spec.columns.length);
    if (spec.pagingState) w.bytes(spec.pagingState);
    if (!spec.noMetadata) writeColumns(w, spec.keyspace ?? 'ks', spec.table ?? 't', spec.columns);
    w.int(spec.rows.length);
    for (const row of spec.rows) {
      spec.columns.forEach((c, i) => {
        const enc = encodeValue(c.type, row[i] ?? null, `column ${c.name}`);
        w.bytes(enc === UNSET ? null : (enc as Buffer | null));
      });
    }
  }, flags);
}

export function preparedFrame(v: ProtocolVersion, stream: number, id: Buffer, variables: readonly ColumnDef[], pkIndexes: readonly number[], result: readonly ColumnDef[]): Buffer {
  return responseFrame(v, stream, Opcode.Result, (w) => {
    w.int(ResultKind.Prepared).shortBytes(id);
    if (v >= 5) w.shortBytes(id.subarray(0, 8));
    w.int(variables.length > 0 ? RowsFlag.GlobalTablesSpec : 0).int(variables.length);
    if (v >= 4) {
      w.int(pkIndexes.length);
      pkIndexes.forEach((i) => w.short(i));
    }
    if (variables.length > 0) writeColumns(w, 'ks', 't', variables);
    w.int(result.length > 0 ? RowsFlag.GlobalTablesSpec : RowsFlag.NoMetadata).int(result.length);
    if (result.length > 0) writeColumns(w, 'ks', 't', result);
  });
}

/** An ERROR frame: code, message, then `extra` writes the code-specific fields. */
export function errorFrame(v: ProtocolVersion, stream: number, code: number, message: string, extra?: (w: Writer) => void): Buffer {
  return responseFrame(v, stream, Opcode.Error, (w) => {
    w.int(code).string(message);
    extra?.(w);
  });
}

/** A parsed client request (what the scripts match on and tests inspect). */
export interface ReceivedRequest {
  readonly opcode: Opcode;
  readonly stream: number;
  readonly version: ProtocolVersion;
  /** QUERY / PREPARE text, or for EXECUTE the text of the prepared statement. */
  query?: string;
  readonly preparedId?: Buffer;
  readonly consistency?: number;
  readonly values?: readonly (Buffer | null | Unset)[];
  readonly pageSize?: number;
  readonly pagingState?: Buffer | null;
  readonly flags: number;
  readonly startup?: Map<string, string>;
  readonly events?: string[];
  readonly token?: Buffer | null;
  readonly batchSize?: number;
  /** BATCH: the text of its first entry when that is a simple statement (not a prepared id). */
  readonly batchFirstQuery?: string;
  /** Keyspace the connection was in (by USE) when the request arrived; null when none. */
  readonly connectionKeyspace?: string | null;
}

function readParams(r: Reader, version: ProtocolVersion): Pick<ReceivedRequest, 'consistency' | 'values' | 'pageSize' | 'pagingState'> {
  const consistency = r.short();
  const qflags = version >= 5 ? r.int() : r.byte();
  const values: (Buffer | null | Unset)[] = [];
  if (qflags & 0x01) {
    const n = r.short();
    for (let i = 0; i < n; i++) {
      if (qflags & 0x40) r.string();
      values.push(r.value());
    }
  }
  const pageSize = qflags & 0x04 ? r.int() : undefined;
  const pagingState = qflags & 0x08 ? r.bytes() : null;
  return { consistency, values, ...(pageSize !== undefined ? { pageSize } : {}), pagingState };
}

/** Parses a request body (already decompressed, custom payload skipped by the caller). */
export function parseRequest(version: ProtocolVersion, stream: number, opcode: Opcode, flags: number, body: Buffer): ReceivedRequest {
  const r = new Reader(body);
  if (flags & 0x04) r.bytesMap();
  const base = { opcode, stream, version, flags };
  switch (opcode) {
    case Opcode.Startup: return { ...base, startup: r.stringMap() };
    case Opcode.Register: return { ...base, events: r.stringList() };
    case Opcode.AuthResponse: return { ...base, token: r.bytes() };
    case Opcode.Query: return { ...base, query: r.longString(), ...readParams(r, version) };
    case Opcode.Prepare: return { ...base, query: r.longString() };
    case Opcode.Execute: {
      const preparedId = Buffer.from(r.shortBytes());
      if (version >= 5) r.shortBytes();
      return { ...base, preparedId, ...readParams(r, version) };
    }
    case Opcode.Batch: {
      r.byte();
      const batchSize = r.short();
      // The first entry's text can be read before any values (whose layout depends on flags read last).
      const first = batchSize > 0 && r.byte() === 0 ? r.longString() : undefined;
      return { ...base, batchSize, ...(first !== undefined ? { batchFirstQuery: first } : {}) };
    }
    default: return base;
  }
}
