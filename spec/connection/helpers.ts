/** Shared helpers for connection specs: promise wrappers over the handler interface. */
import type { Connection } from '../../lib/connection/connection';
import type { Request, ResponseHandler } from '../../lib/connection/request';
import { encodeQuery } from '../../lib/protocol/requests';
import type { Response } from '../../lib/protocol/response';

export function queryFrame(c: Connection, cql: string): Buffer {
  return encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, cql, { consistency: 1 });
}

/** A handler that records every call, to check "exactly once". */
export class RecordingHandler implements ResponseHandler {
  responses: Response[] = [];
  errors: Error[] = [];
  private waiters: Array<() => void> = [];
  onResponse(r: Response): void { this.responses.push(r); this.wake(); }
  onError(e: Error): void { this.errors.push(e); this.wake(); }
  get calls(): number { return this.responses.length + this.errors.length; }
  done(): Promise<void> {
    return this.calls > 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
  private wake(): void { this.waiters.splice(0).forEach((w) => w()); }
}

export function query(c: Connection, cql: string, timeoutMs = 0): { request: Request; handler: RecordingHandler } {
  const handler = new RecordingHandler();
  const request = c.send(queryFrame(c, cql), handler, timeoutMs);
  return { request, handler };
}

export async function queryOk(c: Connection, cql: string): Promise<Response> {
  const { handler } = query(c, cql);
  await handler.done();
  if (handler.errors[0]) throw handler.errors[0];
  return handler.responses[0] as Response;
}

export function rowsOf(r: Response): unknown[][] {
  const m = r.message;
  if (m.opcode !== 8 || m.result.kind !== 'rows' || !m.result.rows) throw new Error('not a rows result');
  return m.result.rows;
}

