/**
 * A large query as Server-Sent Events, one event per row, paced by the HTTP client: rows are
 * pulled from an async iterable (`session.iterate(...)`, which fetches the next page only when the
 * rows of this one are used up) a few at a time, and none is pulled while the response's socket
 * is congested (a slow client): the server holds a bounded number of rows however large the
 * result. When the client disconnects Nest unsubscribes: the loop stops, the iterator is closed and
 * no further page is fetched.
 *
 *   @Sse('readings/stream')
 *   stream(@Req() req: Request): Observable<MessageEvent> {
 *     return sseRows(this.session.iterate('SELECT * FROM readings', [], { fetchSize: 500 }), { request: req });
 *   }
 */
import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { rowToJson } from './json-value';

/** The part of a socket that tells whether the client keeps up (Node's `net.Socket` has it). */
export interface CongestionSource {
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface SseRowsOptions<T> {
  /** The HTTP request (`@Req()`): its socket tells when the client is not reading. Without it, rows are paced by event-loop turns only. */
  request?: { readonly socket: CongestionSource | null };
  /** The event for a row (index from 0). Default: `{ data: rowToJson(row) }`. */
  toEvent?: (row: T, index: number) => MessageEvent;
  /** The last event, after the last row (`false`: none). Default: `{ type: 'end', data: { rows } }`. */
  endEvent?: ((rows: number) => MessageEvent) | false;
  /** Rows handed to Nest per event-loop turn before the socket is looked at again. Default 64. */
  batchSize?: number;
}

const defaultEvent = (row: unknown): MessageEvent => ({ data: typeof row === 'object' && row !== null ? rowToJson(row) : { value: String(row) } });
const defaultEnd = (rows: number): MessageEvent => ({ type: 'end', data: { rows } });
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function sseRows<T>(rows: AsyncIterable<T>, options: SseRowsOptions<T> = {}): Observable<MessageEvent> {
  const toEvent = options.toEvent ?? defaultEvent;
  const endEvent = options.endEvent === undefined ? defaultEnd : options.endEvent;
  const batch = Math.max(1, options.batchSize ?? 64);
  return new Observable<MessageEvent>((subscriber) => {
    const it = rows[Symbol.asyncIterator]();
    const socket = options.request?.socket ?? null;
    let stopWaiting: (() => void) | null = null;
    /** Resolves when the socket drains or closes (or the subscriber leaves). */
    const drained = (s: CongestionSource): Promise<void> => new Promise((resolve) => {
      const done = (): void => {
        s.off('drain', done);
        s.off('close', done);
        stopWaiting = null;
        resolve();
      };
      s.once('drain', done);
      s.once('close', done);
      stopWaiting = done;
    });
    const run = async (): Promise<void> => {
      let index = 0;
      for (;;) {
        for (let n = 0; n < batch; n++) {
          const r = await it.next();
          if (subscriber.closed) return;
          if (r.done) {
            if (endEvent) subscriber.next(endEvent(index));
            subscriber.complete();
            return;
          }
          subscriber.next(toEvent(r.value, index++));
          if (subscriber.closed) return;
        }
        await nextTurn(); // Nest writes what it got before more is pulled
        while (socket && !subscriber.closed && !socket.destroyed && socket.writableNeedDrain) await drained(socket);
        if (subscriber.closed) return;
      }
    };
    run().catch((e: unknown) => {
      if (!subscriber.closed) subscriber.error(e);
    });
    return () => {
      stopWaiting?.();
      // Closes the iterator (after a pending next(), for generators): paging stops there.
      it.return?.().then(undefined, () => undefined);
    };
  });
}
