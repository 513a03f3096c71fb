/**
 * A cursor listing (`cursorPage` on the server, e.g. `GET /products?limit=50&cursor=...`) in the
 * browser: `fetchPage` is one page as a cold Observable (the request starts on subscription and is
 * aborted on unsubscription); a non-2xx answer errors with `HttpStatusError` carrying the server's
 * `HttpErrorBody`, a network failure with `HttpStatusError` status 0. `CursorTrail` remembers the
 * cursor of every page visited, so a view can go back as well as forward.
 */
import { Observable } from 'rxjs';
import type { CursorPageJson, HttpErrorBody, RowJson } from '../../index';
import { HttpStatusError, StreamDataError, WebOptionError } from './errors';

/** The part of a `fetch` answer used here. */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** `fetch` (the default) or a stand-in. */
export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<FetchResponseLike>;

export interface FetchPageOptions {
  /** Rows per page (the server checks its own bounds). */
  readonly limit: number;
  /** The cursor of the page (null or absent: the first page). */
  readonly cursor?: string | null;
  /** Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
}

/** `url` with `limit` and, when given, `cursor` added to its query. */
export function pageUrl(url: string, limit: number, cursor: string | null | undefined): string {
  const params = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  return `${url}${url.includes('?') ? '&' : '?'}${params}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function fetchPage<T = RowJson>(url: string, options: FetchPageOptions): Observable<CursorPageJson<T>> {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new WebOptionError('limit', `must be a positive integer, got ${String(options.limit)}`);
  const doFetch: FetchLike | undefined = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (!doFetch) throw new WebOptionError('fetch', 'no fetch in this environment: pass one');
  const target = pageUrl(url, options.limit, options.cursor);
  return new Observable<CursorPageJson<T>>((subscriber) => {
    const abort = new AbortController();
    doFetch(target, { signal: abort.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = parse(await res.text());
        if (!res.ok) throw new HttpStatusError(target, res.status, typeof body === 'object' && body !== null ? body as Partial<HttpErrorBody> : null);
        const page = body as Partial<CursorPageJson<T>> | null;
        if (page === null || !Array.isArray(page.items) || (page.cursor !== null && typeof page.cursor !== 'string')) {
          throw new StreamDataError(target, 'page', 'the answer is not { items, cursor }');
        }
        subscriber.next({ items: page.items, cursor: page.cursor });
        subscriber.complete();
      })
      .catch((e: unknown) => {
        if (subscriber.closed) return;
        subscriber.error(e instanceof HttpStatusError || e instanceof StreamDataError ? e : new HttpStatusError(target, 0, { message: e instanceof Error ? e.message : String(e) }));
      });
    return () => abort.abort();
  });
}

/**
 * The cursors of the pages visited: page 0 has none; `next(i, cursor)` records the cursor of page
 * i + 1 as page i answered it. Going back re-fetches a page with the cursor it was fetched with.
 */
export class CursorTrail {
  private readonly cursors: Array<string | null> = [null];

  /** The cursor to fetch page `index` with, or undefined when that page is not reachable yet. */
  cursorOf(index: number): string | null | undefined {
    return this.cursors[index];
  }

  /** Page `index` answered `next` as the cursor of the page after it (null: it was the last). */
  record(index: number, next: string | null): void {
    this.cursors.length = index + 1;
    if (next !== null) this.cursors.push(next);
  }

  /** Whether page `index` + 1 exists, as far as known. */
  hasNext(index: number): boolean {
    return this.cursors[index + 1] !== undefined;
  }
}
