/**
 * A streamed query (`sseRows` on the server, e.g. `GET /readings/s1/stream`) as a cold Observable of
 * its rows: one per event, in order; it completes at the server's `end` event (and errors with
 * `StreamDataError` when `end` counts other rows than arrived). Unsubscribing closes the
 * EventSource, the server sees the client leave and stops paging. A lost stream is not reopened by
 * default: the server would send it again from the first row; `StreamUnavailableError` tells it.
 */
import { filter, map, Observable } from 'rxjs';
import type { RowJson, RowStreamEvents } from '../../index';
import { StreamDataError } from './errors';
import type { EventSourceFactory } from './event-source';
import type { ReconnectOptions } from './reconnect';
import { sseStream } from './sse-stream';

export interface QueryRowsOptions {
  /** Reconnection (each reconnection starts the query again). Default false. */
  readonly reconnect?: ReconnectOptions | false;
  /** Opens the EventSource. Default `new EventSource(url)`. */
  readonly eventSource?: EventSourceFactory;
}

export function queryRows<R = RowJson>(url: string, options: QueryRowsOptions = {}): Observable<R> {
  const events = sseStream<RowStreamEvents<R>>(url, { events: ['message', 'end'], endEvent: 'end', reconnect: false, ...options });
  return new Observable<R>((subscriber) => {
    let rows = 0;
    return events.pipe(
      map((e): { row: R } | null => {
        if (e.type === 'connection') {
          if (e.state === 'retrying') rows = 0; // the server starts again from the first row
          return null;
        }
        if (e.type === 'end') {
          if (typeof e.data.rows === 'number' && e.data.rows !== rows) throw new StreamDataError(url, 'end', `it counts ${e.data.rows} rows, ${rows} arrived`);
          return null;
        }
        rows++;
        return { row: e.data };
      }),
      filter((x): x is { row: R } => x !== null),
      map((x) => x.row),
    ).subscribe(subscriber);
  });
}
