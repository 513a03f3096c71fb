/**
 * Driver-internal requests on one connection (control connection, pools): a QUERY whose answer
 * is returned as is, the server's ERROR as a rejection. Queries returning rows go through the
 * schema layer's `connectionRunner`, which also follows pages.
 */
import type { Connection } from '../connection/connection';
import { requestOnce } from '../connection/request';
import { connectionRunner } from '../metadata/schema/connection-runner';
import type { SchemaRow } from '../metadata/schema/query-runner';
import { encodePrepare, encodeQuery } from '../protocol/requests';
import type { Response } from '../protocol/response';

export type RowObject = SchemaRow;

/** Sends one QUERY (consistency ONE) and resolves with the response, rejecting on ERROR. */
export function internalRequest(c: Connection, cql: string, timeoutMs = 10_000): Promise<Response> {
  return requestOnce(c, encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, cql, { consistency: 1 }), timeoutMs);
}

/** Sends one PREPARE (with its keyspace at v5) and resolves with the response, rejecting on ERROR. */
export function internalPrepare(c: Connection, cql: string, keyspace: string | undefined, timeoutMs = 10_000): Promise<Response> {
  const frame = encodePrepare({ version: c.version, stream: 0, compressor: c.bodyCompressor }, cql, c.version >= 5 && keyspace !== undefined ? { keyspace } : {});
  return requestOnce(c, frame, timeoutMs);
}

/** Every row (all pages) of a driver-internal SELECT, as objects keyed by column name. */
export function internalQuery(c: Connection, cql: string, params?: readonly unknown[]): Promise<RowObject[]> {
  return connectionRunner(c).query(cql, params);
}
