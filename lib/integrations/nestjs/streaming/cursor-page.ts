/**
 * Paged listings over HTTP: a page of rows and an opaque cursor (the driver's paging state in
 * base64url) that the client sends back for the next page; `null` when there is none. A cursor
 * that is not one of ours is the caller's fault: `InvalidCursorError`, a 400.
 *
 *   @Get() list(@Query('cursor') cursor?: string) {
 *     return cursorPage(this.session, 'SELECT * FROM products', [], { limit: 50, cursor });
 *   }
 */
import { BadRequestException } from '@nestjs/common';
import { map, catchError, defer, take, throwError, type Observable } from 'rxjs';
import { InvalidQueryError, ServerProtocolError, type ExecuteOptions, type Params, type Row, type Session, type Statement, type CursorPageJson } from '../../../index';
import { rowToJson, type JsonValue } from './json-value';

/** A cursor the client sent that is not a paging state of this query (400). */
export class InvalidCursorError extends BadRequestException {
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
  }
}

/** A page and the cursor of the next: the wire shape `CursorPageJson` the browser client reads. */
export type CursorPage<T> = CursorPageJson<T>;

export interface CursorPageOptions<T extends object, U> extends Omit<ExecuteOptions, 'fetchSize' | 'pagingState'> {
  /** Rows per page, 1..maxLimit. */
  limit: number;
  /** Largest `limit` accepted. Default 1000. */
  maxLimit?: number;
  /** The client's cursor (absent, empty or null: the first page). */
  cursor?: string | null;
  /** Builds an item from a row. Default: `rowToJson`. */
  map?: (row: Row<T>) => U;
}

const MAX_CURSOR_CHARS = 8192;

/** The paging state in a cursor; throws `InvalidCursorError` when it is not one. */
export function decodeCursor(cursor: string | null | undefined): Buffer | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('not a cursor this service issued');
  return Buffer.from(cursor, 'base64url');
}

/** A paging state as a cursor (null stays null). */
export function encodeCursor(pagingState: Buffer | null): string | null {
  return pagingState === null || pagingState.length === 0 ? null : pagingState.toString('base64url');
}

/** One page of at most `fetchSize` items from `pagingState` (null: the first), and the paging state of the next. */
export type PageSource<U> = (page: { readonly fetchSize: number; readonly pagingState: Buffer | null }) =>
  Observable<{ readonly items: readonly U[]; readonly pagingState: Buffer | null }>;

/** The cursor options of `cursorPageFrom`. */
export type CursorOptions = Pick<CursorPageOptions<object, unknown>, 'limit' | 'maxLimit' | 'cursor'>;

/**
 * One page from any page source (e.g. the object mapper's `pages$`), with the cursor checks of
 * `cursorPage`: `limit` in 1..maxLimit, a cursor that is not ours refused with `InvalidCursorError`.
 * Cold; only the first page the source emits is taken.
 */
export function cursorPageFrom<U>(source: PageSource<U>, options: CursorOptions): Observable<CursorPage<U>> {
  return defer(() => {
    const { limit, maxLimit = 1000, cursor } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
      throw new BadRequestException(`limit must be an integer in 1..${maxLimit}`);
    }
    const pagingState = decodeCursor(cursor);
    return source({ fetchSize: limit, pagingState }).pipe(
      take(1),
      // A paging state the server cannot read is answered with a protocol or invalid-query error.
      catchError((e: unknown) => throwError(() => (pagingState !== null && (e instanceof ServerProtocolError || e instanceof InvalidQueryError)
        ? new InvalidCursorError('not a cursor of this listing') : e))),
      map((page) => ({ items: [...page.items], cursor: encodeCursor(page.pagingState) })),
    );
  });
}

/** One page of a statement (cold: runs when subscribed, e.g. when Nest subscribes to a controller's answer). */
export function cursorPage<T extends object = Record<string, unknown>, U = { [column: string]: JsonValue }>(
  session: Session, statement: Statement, params: Params | undefined, options: CursorPageOptions<T, U>,
): Observable<CursorPage<U>> {
  const { limit, maxLimit, cursor, map: toItem, ...execute } = options;
  const build = toItem ?? ((row: Row<T>): U => rowToJson(row) as U);
  return cursorPageFrom<U>(({ fetchSize, pagingState }) => session.execute<T>(statement, params, { ...execute, fetchSize, pagingState }).pipe(
    map((rs) => ({ items: rs.rows.map((r) => build(r)), pagingState: rs.pagingState })),
  ), { limit, cursor: cursor ?? null, ...(maxLimit !== undefined ? { maxLimit } : {}) });
}
