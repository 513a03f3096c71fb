/**
 * Driver-internal queries on one connection (control connection, pools): send a QUERY, get rows
 * as objects keyed by column name, or the server's error as a rejection.
 */
import type { Connection } from '../connection/connection';
import { Opcode } from '../protocol/opcodes';
import { encodeQuery } from '../protocol/requests';
import type { Response } from '../protocol/response';

export type RowObject = Record<string, unknown>;

/** Sends one QUERY (consistency ONE) and resolves with the response, rejecting on ERROR. */
export function internalRequest(c: Connection, cql: string, timeoutMs = 10_000): Promise<Response> {
  return new Promise((resolve, reject) => {
    const frame = encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, cql, { consistency: 1 });
    try {
      c.send(frame, {
        onResponse: (r) => (r.message.opcode === Opcode.Error ? reject(r.message.error) : resolve(r)),
        onError: reject,
      }, timeoutMs);
    } catch (e) {
      reject(e);
    }
  });
}

/** Rows of a driver-internal SELECT as objects keyed by column name. */
export async function internalQuery(c: Connection, cql: string, timeoutMs?: number): Promise<RowObject[]> {
  const r = await internalRequest(c, cql, timeoutMs);
  const m = r.message;
  if (m.opcode !== Opcode.Result || m.result.kind !== 'rows') return [];
  const columns = m.result.metadata.columns ?? [];
  return (m.result.rows ?? []).map((row) => {
    const o: RowObject = {};
    columns.forEach((col, i) => {
      o[col.name] = row[i];
    });
    return o;
  });
}
