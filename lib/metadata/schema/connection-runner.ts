/**
 * A `QueryRunner` over one raw `Connection` (layer 2): sends QUERY frames at LOCAL_ONE, follows
 * paging states until the last page, and turns rows (arrays in column order) into objects keyed
 * by column name. Parameters are encoded by inference (`encodeInferred`): strings as text,
 * arrays of strings as list<text>, which is all the schema queries bind.
 */
import type { Connection } from '../../connection/connection';
import { requestOnce } from '../../connection/request';
import { ProtocolError } from '../../errors/codec-errors';
import { Consistency } from '../../protocol/consistency';
import { Opcode } from '../../protocol/opcodes';
import { encodeQuery } from '../../protocol/requests';
import type { Response } from '../../protocol/response';
import type { BoundValue } from '../../protocol/writer';
import { encodeInferred } from '../../types/infer';
import type { QueryRunner, SchemaRow } from './query-runner';

export interface ConnectionRunnerOptions {
  /** Rows per page. Default 1000. */
  readonly pageSize?: number;
  /** Client-side timeout per page, ms; 0 for none. Default 12000. */
  readonly timeoutMs?: number;
}

/** Runs schema queries on `connection` (which the caller owns and closes). */
export function connectionRunner(connection: Connection, options: ConnectionRunnerOptions = {}): QueryRunner {
  const pageSize = options.pageSize ?? 1000;
  const timeoutMs = options.timeoutMs ?? 12_000;
  return {
    async query(cql: string, params?: readonly unknown[]): Promise<SchemaRow[]> {
      const values: BoundValue[] | undefined = params?.map((p, i) => encodeInferred(p, `parameter ${i}`));
      const out: SchemaRow[] = [];
      let pagingState: Buffer | null = null;
      do {
        const frame = encodeQuery(
          { version: connection.version, stream: 0, compressor: connection.bodyCompressor },
          cql,
          { consistency: Consistency.LOCAL_ONE, pageSize, pagingState, ...(values ? { values } : {}) },
        );
        const response = await requestOnce(connection, frame, timeoutMs);
        pagingState = collectRows(response, cql, out);
      } while (pagingState);
      return out;
    },
  };
}

/** Appends the rows of one page to `out`; returns the paging state of the next page, or null. */
function collectRows(response: Response, cql: string, out: SchemaRow[]): Buffer | null {
  const m = response.message;
  if (m.opcode !== Opcode.Result) throw new ProtocolError(`Unexpected response (opcode ${m.opcode}) to "${cql}"`);
  if (m.result.kind !== 'rows') return null;
  const { metadata, rows } = m.result;
  if (!metadata.columns || !rows) throw new ProtocolError(`Rows without column metadata for "${cql}"`);
  const names = metadata.columns.map((c) => c.name);
  for (const row of rows) {
    const obj: Record<string, unknown> = {};
    names.forEach((name, i) => { obj[name] = row[i] ?? null; });
    out.push(obj);
  }
  return metadata.pagingState;
}
