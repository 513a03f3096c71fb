/**
 * A Server-Sent Events endpoint as a cold Observable of typed events: subscribing opens an
 * EventSource, unsubscribing closes it. `M` maps event names to the JSON of their data (e.g.
 * `ClusterStreamEvents`); each event arrives parsed as `{ type, data, id }`. The stream completes
 * after its `endEvent`. A lost connection (or one that never opened) is reconnected with backoff,
 * announced by a `connection` notice (`retrying`, then `open`); when no attempt is left the stream
 * errors with `StreamUnavailableError`. An `error` event from the server errors the stream with
 * `ServerStreamError`, data that is not JSON with `StreamDataError`.
 *
 * The browser's own EventSource reconnection is not used: every error closes the source, and the
 * backoff here decides when to open a new one, so a stream is never left retrying unseen.
 */
import { Observable } from 'rxjs';
import { ServerStreamError, StreamDataError, StreamUnavailableError, WebOptionError } from './errors';
import { eventSourceFactory, type EventLike, type EventSourceFactory, type EventSourceLike } from './event-source';
import { backoffOf, type ReconnectOptions } from './reconnect';

/** One event of a stream whose events are described by `M`. */
export type StreamEvent<M> = { [K in keyof M & string]: { readonly type: K; readonly data: M[K]; readonly id: string | null } }[keyof M & string];

/** The connection's life, between the events: `open` when (re)connected, `retrying` when lost. */
export interface ConnectionNotice {
  readonly type: 'connection';
  readonly state: 'open' | 'retrying';
  /** `open`: connections opened so far; `retrying`: failed connections in a row. */
  readonly attempt: number;
  /** `retrying`: ms until the next attempt (0 for `open`). */
  readonly delayMs: number;
  /** `retrying`: what was lost. */
  readonly error: StreamUnavailableError | null;
}

export interface SseStreamOptions<M> {
  /** The event names to listen for (`message`: events without a name). */
  readonly events: ReadonlyArray<keyof M & string>;
  /** The event after which the stream completes (it is emitted first). */
  readonly endEvent?: keyof M & string;
  /** Reconnection of a lost stream (`false`: none, a loss errors the stream). Default: keep trying, 0.5 s doubling to 10 s. */
  readonly reconnect?: ReconnectOptions | false;
  /** Opens the EventSource. Default `new EventSource(url)`. */
  readonly eventSource?: EventSourceFactory;
}

/** The server's message in an `error` event: Nest sends the text; a JSON body gives its `message`. */
function serverMessage(data: string): string {
  try {
    const body: unknown = JSON.parse(data);
    if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  } catch {
    // not JSON: the text is the message
  }
  return data;
}

export function sseStream<M>(url: string, options: SseStreamOptions<M>): Observable<StreamEvent<M> | ConnectionNotice> {
  const backoff = backoffOf(options.reconnect ?? {});
  if (options.events.some((name) => name === 'error' || name === 'open')) throw new WebOptionError('events', '"error" and "open" are the EventSource\'s own events');
  return new Observable<StreamEvent<M> | ConnectionNotice>((subscriber) => {
    const open = eventSourceFactory(options.eventSource);
    let source: EventSourceLike | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let connections = 0;
    const close = (): void => {
      const s = source;
      source = null;
      s?.close();
    };
    const fail = (e: Error): void => {
      close();
      subscriber.error(e);
    };
    const lost = (opened: boolean): void => {
      close();
      failures++;
      const error = new StreamUnavailableError(url, opened ? connections : failures, opened);
      const delay = backoff.delayBefore(failures);
      if (delay === null) {
        subscriber.error(error);
        return;
      }
      subscriber.next({ type: 'connection', state: 'retrying', attempt: failures, delayMs: delay, error });
      timer = setTimeout(connect, delay);
    };
    const deliver = (type: keyof M & string, event: EventLike): void => {
      let data: unknown;
      try {
        if (typeof event.data !== 'string') throw new Error('no data');
        data = JSON.parse(event.data);
      } catch (e: unknown) {
        fail(new StreamDataError(url, type, 'its data is not JSON', { cause: e }));
        return;
      }
      subscriber.next({ type, data, id: event.lastEventId || null } as StreamEvent<M>);
      if (type === options.endEvent && !subscriber.closed) {
        close();
        subscriber.complete();
      }
    };
    function connect(): void {
      timer = null;
      connections++;
      let opened = false;
      const es = open(url);
      source = es;
      const current = (): boolean => source === es && !subscriber.closed;
      es.addEventListener('open', () => {
        if (!current()) return;
        opened = true;
        failures = 0;
        subscriber.next({ type: 'connection', state: 'open', attempt: connections, delayMs: 0, error: null });
      });
      for (const name of options.events) es.addEventListener(name, (event) => current() && deliver(name, event));
      es.addEventListener('error', (event) => {
        if (!current()) return;
        // An `error` event the server sent carries data; a connection error does not.
        if (typeof event.data === 'string') fail(new ServerStreamError(url, serverMessage(event.data)));
        else lost(opened);
      });
    }
    connect();
    return () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      close();
    };
  });
}
