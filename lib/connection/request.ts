/**
 * One request on one connection: the encoded frame, who receives the answer, its stream id and
 * timer. A plain record (no closures); the connection keeps it in its stream-id table.
 */
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

  constructor(
    /** The encoded frame; its stream id field is set when an id is assigned. */
    readonly frame: Buffer,
    readonly handler: ResponseHandler,
    /** Client-side timeout in ms, 0 for none. */
    readonly timeoutMs: number,
  ) {}
}
