/**
 * One request on one connection: the encoded frame, who receives the answer, its stream id and
 * timer. A plain record (no closures); the connection keeps it in its stream-id table.
 * `requestOnce` is the one way to send a frame and await its single answer as a Promise.
 */
import { Opcode } from '../protocol/opcodes';
import type { ColumnSpec } from '../protocol/result-metadata';
import type { Response } from '../protocol/response';
import type { TimerHandle } from './clock';

/** Receives the outcome of a request: exactly one call, never after `cancel`. */
export interface ResponseHandler {
  onResponse(response: Response): void;
  onError(error: Error): void;
  /** Column specs to decode rows with when the request asked the server to skip metadata. */
  readonly resultColumns?: readonly ColumnSpec[] | undefined;
}

export type RequestState = 'queued' | 'written' | 'done';

export class Request {
  /** Stream id while written; -1 while queued or after completion. */
  stream = -1;
  state: RequestState = 'queued';
  /** The frame reached the socket (false: the server certainly never saw it). */
  written = false;
  timer: TimerHandle | null = null;
  /** The connection's count of received frames when this request was written (stall detection). */
  framesAtWrite = 0;

  constructor(
    /** The encoded frame; its stream id field is set when an id is assigned. */
    readonly frame: Buffer,
    readonly handler: ResponseHandler,
    /** Client-side timeout in ms, 0 for none. */
    readonly timeoutMs: number,
  ) {}
}

/** What `requestOnce` needs of a connection. */
export interface FrameSender {
  /** `address:port`, set as `host` on the server's errors. */
  readonly endpoint: string;
  send(frame: Buffer, handler: ResponseHandler, timeoutMs?: number): unknown;
}

/**
 * Sends one encoded request frame (any stream id) and resolves with its answer. Rejects with the
 * server's typed `ResponseError` (its `host` set) when the answer is an ERROR, and with the
 * connection's error when the frame cannot be sent (closed, defunct, busy), the connection is lost
 * or `timeoutMs` (0: none) passes first.
 */
export function requestOnce(connection: FrameSender, frame: Buffer, timeoutMs = 0): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const handler: ResponseHandler = {
      onResponse: (r) => {
        if (r.message.opcode !== Opcode.Error) return resolve(r);
        const error = r.message.error;
        error.host = connection.endpoint;
        reject(error);
      },
      onError: reject,
    };
    try {
      connection.send(frame, handler, timeoutMs);
    } catch (e) {
      reject(e);
    }
  });
}
