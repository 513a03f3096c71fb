/**
 * Paging as a result stream, one page request in flight at a time (each needs the previous page's
 * paging state). With `prefetchPages` 0 (the default) page N+1 is requested only after page N was
 * delivered to a subscriber that is still there. With P > 0 the next page is requested while up to
 * P received pages wait for (or are in) delivery, so the server works while the consumer does: at
 * most P pages are ever held ahead of the consumer. Unsubscribing (e.g. `take(10)`) cancels the
 * request in flight and fetches nothing more. Empty pages in the middle do not end the stream. The
 * async-iterable form is pull-based: without prefetch a page is fetched when rows beyond the
 * current one are asked for.
 */
import { Observable, type Subscription } from 'rxjs';
import type { ResultSet, Row } from './result-set';

type Fetch<T extends object> = (pagingState: Buffer | null) => Observable<ResultSet<T>>;

/** Pages as an Observable; `prefetch` pages may be requested ahead of the one being delivered. */
export function pagesOf<T extends object>(fetch: Fetch<T>, first: Buffer | null, prefetch = 0): Observable<ResultSet<T>> {
  return new Observable<ResultSet<T>>((subscriber) => {
    let inFlight: Subscription | null = null;
    let next: Buffer | null = first;
    let more = true;
    /** Received, not yet delivered. */
    const received: ResultSet<T>[] = [];
    /** Pages received and not fully delivered (the one inside `subscriber.next` included). */
    let pending = 0;
    let draining = false;

    const request = (): void => {
      if (inFlight !== null || !more || subscriber.closed || pending > prefetch) return;
      let sync: ResultSet<T> | null = null;
      const sub = fetch(next).subscribe({
        next: (page) => {
          if (inFlight === null) { sync = page; return; }
          arrived(page);
        },
        error: (e: unknown) => subscriber.error(e),
      });
      inFlight = sub;
      if (sync !== null) arrived(sync); // only a synchronous fetch (tests, caches) lands here
    };
    const arrived = (page: ResultSet<T>): void => {
      inFlight = null;
      next = page.pagingState;
      more = next !== null;
      received.push(page);
      pending++;
      drain();
    };
    const drain = (): void => {
      if (draining) return;
      draining = true;
      while (received.length > 0 && !subscriber.closed) {
        const page = received.shift() as ResultSet<T>;
        request(); // with prefetch: the next page is on its way while this one is delivered
        subscriber.next(page);
        pending--;
      }
      draining = false;
      if (subscriber.closed) return;
      if (!more && inFlight === null && received.length === 0) subscriber.complete();
      else request();
    };

    request();
    return () => inFlight?.unsubscribe();
  });
}

/** Every row of every page; stops mid-page as soon as the subscriber leaves. */
export function rowsOf<T extends object>(pages: Observable<ResultSet<T>>): Observable<Row<T>> {
  return new Observable<Row<T>>((subscriber) => {
    const sub = pages.subscribe({
      next: (page) => {
        const rows = page.rows;
        for (let i = 0; i < rows.length && !subscriber.closed; i++) subscriber.next(rows[i] as Row<T>);
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
    return sub;
  });
}

/** One page request that can be awaited or abandoned (abandoning cancels it). */
class PageRequest<T extends object> {
  readonly result: Promise<ResultSet<T>>;
  private sub: Subscription | null = null;

  constructor(fetch: Fetch<T>, state: Buffer | null) {
    this.result = new Promise<ResultSet<T>>((resolve, reject) => {
      this.sub = fetch(state).subscribe({ next: resolve, error: reject });
    });
    // An abandoned prefetch must not surface as an unhandled rejection.
    this.result.catch(() => undefined);
  }

  cancel(): void {
    this.sub?.unsubscribe();
  }
}

/**
 * Pull-based rows across pages. With `prefetch` > 0 the next page is requested as soon as the
 * consumer starts on the current one (one request at a time, so never more than one page ahead);
 * leaving the loop cancels it.
 */
export async function* iterateRows<T extends object>(fetch: Fetch<T>, first: Buffer | null, prefetch = 0): AsyncGenerator<Row<T>, void, undefined> {
  let ahead: PageRequest<T> | null = null;
  try {
    let page: ResultSet<T> = await new PageRequest(fetch, first).result;
    for (;;) {
      const state = page.pagingState;
      if (state && prefetch > 0) ahead = new PageRequest(fetch, state);
      yield* page.rows;
      if (!state) return;
      const req: PageRequest<T> = ahead ?? new PageRequest(fetch, state);
      ahead = null;
      page = await req.result;
    }
  } finally {
    ahead?.cancel();
  }
}
