/** Promise helpers over a Connection for the real-server type tests: CQL, PREPARE/EXECUTE, raw cells. */
import type { Connection } from '../../../lib/connection/connection';
import { Consistency } from '../../../lib/protocol/consistency';
import { Opcode } from '../../../lib/protocol/opcodes';
import { encodeExecute, encodePrepare, encodeQuery } from '../../../lib/protocol/requests';
import type { Response } from '../../../lib/protocol/response';
import type { ColumnSpec, RowsMetadata } from '../../../lib/protocol/result-metadata';
import { decodeRows } from '../../../lib/protocol/rows';
import type { BoundValue } from '../../../lib/protocol/writer';
import type { DataType } from '../../../lib/types/data-type';
import { encodeValue } from '../../../lib/types/encode';

export interface Prepared {
  readonly id: Buffer;
  readonly resultMetadataId: Buffer | null;
  readonly variables: readonly ColumnSpec[];
  readonly resultMetadata: RowsMetadata;
}

/** Sends a frame; resolves with the response, rejects on an ERROR response. */
export function send(c: Connection, frame: Buffer, resultColumns?: readonly ColumnSpec[]): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    c.send(frame, {
      resultColumns,
      onResponse: (r) => {
        if (r.message.opcode === Opcode.Error) reject(r.message.error);
        else resolve(r);
      },
      onError: reject,
    });
  });
}

export function cql(c: Connection, text: string, values?: readonly BoundValue[]): Promise<Response> {
  const params = { consistency: Consistency.ONE, ...(values ? { values } : {}) };
  return send(c, encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, text, params));
}

export async function prepare(c: Connection, text: string): Promise<Prepared> {
  const r = await send(c, encodePrepare({ version: c.version, stream: 0, compressor: c.bodyCompressor }, text));
  const m = r.message;
  if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') throw new Error(`PREPARE answered ${m.opcode}`);
  return { id: m.result.id, resultMetadataId: m.result.resultMetadataId, variables: m.result.variables.columns, resultMetadata: m.result.resultMetadata };
}

/** Encodes `values` by the bind markers' types (our encoder) and sends them. */
export function encodeAll(types: readonly DataType[], values: readonly unknown[], version: number): BoundValue[] {
  return values.map((v, i) => encodeValue(types[i] as DataType, v, `parameter ${i}`, { rejectUnset: version < 4 }));
}

export function execute(c: Connection, p: Prepared, values: readonly unknown[]): Promise<Response> {
  const encoded = encodeAll(p.variables.map((v) => v.type), values, c.version);
  const frame = encodeExecute({ version: c.version, stream: 0, compressor: c.bodyCompressor }, p.id, p.resultMetadataId, {
    consistency: Consistency.ONE, values: encoded, skipMetadata: true,
  });
  return send(c, frame, p.resultMetadata.columns ?? undefined);
}

export function rowsOf(r: Response): unknown[][] {
  const m = r.message;
  if (m.opcode !== Opcode.Result || m.result.kind !== 'rows' || !m.result.rows) throw new Error('not a rows result');
  return m.result.rows;
}

/** The cells of a rows result as raw bytes (copies), null for null cells — what the server stored. */
export function rawCellsOf(r: Response): Array<Array<Buffer | null>> {
  const m = r.message;
  if (m.opcode !== Opcode.Result || m.result.kind !== 'rows' || !m.result.metadata.columns) throw new Error('not a rows result with metadata');
  const types = m.result.metadata.columns.map((col) => col.type);
  const raw = { decode: (_t: DataType, buf: Buffer, start: number, end: number): Buffer => Buffer.from(buf.subarray(start, end)) };
  return decodeRows(m.result.content, types, raw) as Array<Array<Buffer | null>>;
}
