/**
 * The part of the browser's `EventSource` the client uses, so it can be given another one (a
 * polyfill, a test double, Node's) and so this entry needs no DOM typings. Without one, the
 * client takes `globalThis.EventSource`.
 */
import { WebOptionError } from './errors';

/** What a listener receives: a server event has `data`; a connection error has none. */
export interface EventLike {
  readonly type: string;
  readonly data?: unknown;
  readonly lastEventId?: string;
}

export interface EventSourceLike {
  /** 0 connecting, 1 open, 2 closed (as `EventSource`). */
  readonly readyState: number;
  addEventListener(type: string, listener: (event: EventLike) => void): void;
  close(): void;
}

/** Opens an event source on a URL (e.g. `(url) => new EventSource(url)`, the default). */
export type EventSourceFactory = (url: string) => EventSourceLike;

type EventSourceConstructor = new (url: string) => EventSourceLike;

/** The factory given, or one over `globalThis.EventSource`; a `WebOptionError` when there is neither. */
export function eventSourceFactory(given: EventSourceFactory | undefined): EventSourceFactory {
  if (given) return given;
  const ctor = (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  if (typeof ctor !== 'function') throw new WebOptionError('eventSource', 'no EventSource in this environment: pass one (e.g. a polyfill)');
  return (url) => new ctor(url);
}
