/**
 * Paging as a result stream. Page N+1 is requested only after page N was delivered to a
 * subscriber that is still there, so at most one page is in flight ahead of the consumer;
 * unsubscribing (e.g. `take(10)`) stops fetching at once. Empty pages in the middle do not end
 * the stream. The async-iterable form is pull-based: a page is fetched when rows are asked for.
 */
import { firstValueFrom, Observable, type Subscription } from 'rxjs';
import type { ResultSet, Row } from './result-set';

type Fetch<T extends object> = (pagingState: Buffer | null) => Observable<ResultSet<T>>;

export function pagesOf<T extends object>(fetch: Fetch<T>, first: Buffer | null): Observable<ResultSet<T>> {
  return new Observable<ResultSet<T>>((subscriber) => {
    let inner: Subscription | null = null;
    const request = (state: Buffer | null): void => {
      inner = fetch(state).subscribe({
        next: (page) => {
          subscriber.next(page);
          if (subscriber.closed) return;
          if (page.pagingState) request(page.pagingState);
          else subscriber.complete();
        },
        error: (e: unknown) => subscriber.error(e),
      });
    };
    request(first);
    return () => inner?.unsubscribe();
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

/** Pull-based rows across pages. */
export async function* iterateRows<T extends object>(fetch: Fetch<T>, first: Buffer | null): AsyncGenerator<Row<T>, void, undefined> {
  let state: Buffer | null = first;
  do {
    const page: ResultSet<T> = await firstValueFrom(fetch(state));
    yield* page.rows;
    state = page.pagingState;
  } while (state);
}
