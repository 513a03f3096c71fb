/**
 * Demand-driven paging for the Observable form: each page goes to a handler whose returned
 * Observable must complete before the next page is handed over, and a page is requested only
 * while fewer than `prefetch + 1` pages are held (the one being handled included). A consumer
 * doing async work therefore holds at most `prefetch + 1` pages, whatever its speed; rows stay in
 * order and none is lost. Unsubscribing cancels the page request in flight and the handler.
 */
import { from, Observable, type ObservableInput, type Subscription } from 'rxjs';
import { ProtocolError } from '../errors/codec-errors';
import type { ResultSet } from './result-set';

type Fetch<T extends object> = (pagingState: Buffer | null) => Observable<ResultSet<T>>;

export function pagesOnDemand<T extends object, R>(
  fetch: Fetch<T>, first: Buffer | null, prefetch: number, handle: (page: ResultSet<T>) => ObservableInput<R>,
): Observable<R> {
  return new Observable<R>((subscriber) => {
    let inFlight: Subscription | null = null;
    let handling: Subscription | null = null;
    let next: Buffer | null = first;
    let more = true;
    /** Received and not yet handed to the handler. */
    const received: ResultSet<T>[] = [];

    const held = (): number => received.length + (handling !== null ? 1 : 0);

    const request = (): void => {
      if (inFlight !== null || !more || subscriber.closed || held() > prefetch) return;
      let sync: ResultSet<T> | null = null;
      let requesting = true;
      let got = false;
      const sub = fetch(next).subscribe({
        next: (page) => {
          got = true;
          if (requesting) { sync = page; return; }
          arrived(page);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          if (!got) subscriber.error(new ProtocolError('A page request completed without a page'));
        },
      });
      requesting = false;
      inFlight = sub;
      if (sync !== null) arrived(sync);
    };

    const arrived = (page: ResultSet<T>): void => {
      inFlight = null;
      next = page.pagingState;
      more = next !== null;
      received.push(page);
      pump();
    };

    /** The page being handled: its subscription, and a token its completion checks. */
    let handlingToken: object | null = null;

    const pump = (): void => {
      while (handling === null && received.length > 0 && !subscriber.closed) {
        const page = received.shift() as ResultSet<T>;
        const token = {};
        handlingToken = token;
        let finished = false;
        let input: ObservableInput<R>;
        try {
          input = handle(page);
        } catch (e) {
          subscriber.error(e);
          return;
        }
        const sub = from(input).subscribe({
          next: (v) => subscriber.next(v),
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            finished = true;
            if (handlingToken !== token) return;
            handlingToken = null;
            if (handling !== null) {
              // Asynchronous handler done: the next page may go (and be requested).
              handling = null;
              pump();
            }
          },
        });
        if (!finished && !subscriber.closed) handling = sub;
      }
      if (subscriber.closed) return;
      if (!more && inFlight === null && received.length === 0 && handling === null) {
        subscriber.complete();
        return;
      }
      request();
    };

    request();
    return () => {
      inFlight?.unsubscribe();
      handling?.unsubscribe();
      received.length = 0;
    };
  });
}
