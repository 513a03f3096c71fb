/**
 * The operations of one model through one session, each a cold Observable: `find$` (rows as
 * objects, page after page), `pages$` (pages with their paging state), `get`, `insert`, `update`,
 * `remove`, and `ops` (the same writes as operations for `mapper.batch`). Statements are prepared on
 * first use and the session's cache reuses them; a bad argument is a `MappingError` with nothing sent.
 */
import { defer, map, mergeMap, type Observable } from 'rxjs';
import {
  InvalidValueError, MappingError,
  type BoundStatement, type ExecuteOptions, type ExecutionInfo, type PagingOptions, type PreparedStatement, type ResultSet, type Row, type Session,
} from '../../index';
import type { Model, ModelShape } from './model';
import {
  getStatement, insertStatement, removeStatement, selectStatement, updateStatement,
  type InsertOptions, type MappedStatement, type RemoveOptions, type SelectOptions, type UpdateOptions,
} from './statements';

/** Equality criteria on mapped properties. */
export type Criteria<T> = { readonly [P in keyof T]?: T[P] };

/** The primary key of a row. */
export type KeyOf<T, K extends keyof T> = { readonly [P in K]: T[P] };

/** What an insert or update takes: the key, and any other properties (undefined: left as it is; null: deleted). */
export type Writable<T, K extends keyof T> = KeyOf<T, K> & { readonly [P in Exclude<keyof T, K>]?: T[P] };

export interface FindOptions<T> extends PagingOptions {
  /** At most this many rows (LIMIT). */
  readonly limit?: number;
  /** ORDER BY clustering properties. */
  readonly orderBy?: { readonly [P in keyof T]?: 'asc' | 'desc' };
  /** ALLOW FILTERING (criteria on columns that are not keys or indexed). */
  readonly allowFiltering?: boolean;
}

/** What a write answered. */
export interface MutationResult<T> {
  /** False when a condition (IF NOT EXISTS, IF EXISTS, IF ...) was not met; true otherwise. */
  readonly wasApplied: boolean;
  /** When a condition was not met: the row's current values the server returned (mapped), else null. */
  readonly existing: Partial<T> | null;
  readonly info: ExecutionInfo;
}

/** One page of objects and where the next one starts (null on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly pagingState: Buffer | null;
  readonly info: ExecutionInfo;
}

/** A write for `mapper.batch`: built (and checked) when the batch is subscribed. */
export interface MappedOperation {
  /** @internal */
  readonly build: () => MappedStatement;
}

type Values = Readonly<Record<string, unknown>>;

/** The writes of a model as batch operations. */
export interface MappedOperations<T, K extends keyof T> {
  insert(row: Writable<T, K>, options?: InsertOptions): MappedOperation;
  update(row: Writable<T, K>, options?: MappedUpdateOptions<T>): MappedOperation;
  remove(key: KeyOf<T, K>, options?: MappedRemoveOptions<T>): MappedOperation;
}

export interface MappedUpdateOptions<T> extends Omit<UpdateOptions, 'if'> {
  readonly if?: Criteria<T>;
}

export interface MappedRemoveOptions<T> extends Omit<RemoveOptions, 'if'> {
  readonly if?: Criteria<T>;
}

const asValues = (v: object): Values => v as Values;

/**
 * Binds `s` to `ps`; a value its column cannot take becomes a MappingError naming the property
 * and column (the codec's InvalidValueError is its cause).
 */
export function bindMapped(ps: PreparedStatement, s: MappedStatement): BoundStatement {
  try {
    return ps.bind(s.values);
  } catch (e) {
    if (e instanceof InvalidValueError) {
      const index = /^parameter (\d+)/.exec(e.target)?.[1];
      const p = index !== undefined ? s.markers[Number(index)] : undefined;
      throw new MappingError(s.model.name, p?.property, p?.column, `value of the wrong type: ${e.reason} (received ${e.received}; CQL type ${e.cqlType})`, { cause: e });
    }
    throw e;
  }
}

export class ModelMapper<T extends object, K extends keyof T> {
  /** The writes as operations for `mapper.batch`. */
  readonly ops: MappedOperations<T, K>;
  private readonly m: ModelShape;

  /** @internal ModelMappers come from `mapper.forModel(model)`. */
  constructor(private readonly session: Session, readonly model: Model<T, K>, private readonly defaults: ExecuteOptions) {
    this.m = model;
    const m = this.m;
    this.ops = {
      insert: (row, options = {}) => ({ build: () => insertStatement(m, asValues(row), options) }),
      update: (row, options = {}) => ({ build: () => updateStatement(m, asValues(row), toUpdate(options)) }),
      remove: (key, options = {}) => ({ build: () => removeStatement(m, asValues(key), toRemove(options)) }),
    };
  }

  /** Rows matching `criteria` (equality on mapped properties), as objects, page after page. */
  find$(criteria: Criteria<T> = {}, options: FindOptions<T> = {}): Observable<T> {
    return this.pages$(criteria, options).pipe(mergeMap((page) => page.items));
  }

  /** Pages of objects matching `criteria`, each with the paging state of the next (resume with `pagingState`). */
  pages$(criteria: Criteria<T> = {}, options: FindOptions<T> = {}): Observable<Page<T>> {
    const { limit, orderBy, allowFiltering, ...paging } = options;
    const select: SelectOptions = {
      ...(limit !== undefined ? { limit } : {}),
      ...(orderBy !== undefined ? { orderBy: orderBy as Readonly<Record<string, 'asc' | 'desc'>> } : {}),
      ...(allowFiltering !== undefined ? { allowFiltering } : {}),
    };
    return this.prepared(() => selectStatement(this.m, asValues(criteria), select)).pipe(
      mergeMap((bound) => this.session.pages(bound, undefined, { ...this.defaults, ...paging })),
      map((rs) => ({ items: rs.rows.map((r) => this.toObject(r)), pagingState: rs.pagingState, info: rs.info })),
    );
  }

  /** The row with this primary key, or null (emits once). */
  get(key: KeyOf<T, K>, options: ExecuteOptions = {}): Observable<T | null> {
    return this.prepared(() => getStatement(this.m, asValues(key))).pipe(
      mergeMap((bound) => this.session.execute(bound, undefined, { ...this.defaults, ...options })),
      map((rs) => {
        const row = rs.first();
        return row === undefined ? null : this.toObject(row);
      }),
    );
  }

  /** Writes the properties given (the key is required). With `ifNotExists`, `wasApplied` says whether it was new. */
  insert(row: Writable<T, K>, options: InsertOptions & ExecuteOptions = {}): Observable<MutationResult<T>> {
    const { ttl, usingTimestamp, ifNotExists, ...exec } = options;
    return this.write(() => insertStatement(this.m, asValues(row), { ...defined({ ttl, usingTimestamp, ifNotExists }) }), exec);
  }

  /** Sets the non-key properties given of the row with this key; `if` / `ifExists` make it conditional. */
  update(row: Writable<T, K>, options: MappedUpdateOptions<T> & ExecuteOptions = {}): Observable<MutationResult<T>> {
    const { ttl, usingTimestamp, ifExists, if: condition, ...exec } = options;
    return this.write(() => updateStatement(this.m, asValues(row), toUpdate({ ...defined({ ttl, usingTimestamp, ifExists }), ...(condition !== undefined ? { if: condition } : {}) })), exec);
  }

  /** Deletes the row with this key; `if` / `ifExists` make it conditional. */
  remove(key: KeyOf<T, K>, options: MappedRemoveOptions<T> & ExecuteOptions = {}): Observable<MutationResult<T>> {
    const { usingTimestamp, ifExists, if: condition, ...exec } = options;
    return this.write(() => removeStatement(this.m, asValues(key), toRemove({ ...defined({ usingTimestamp, ifExists }), ...(condition !== undefined ? { if: condition } : {}) })), exec);
  }

  /** @internal A result's row as an object of this model (columns it lacks are left out). */
  toObject(row: Row): T {
    const out: Record<string, unknown> = {};
    for (const p of this.m.properties) out[p.property] = row.get(p.column);
    return out as T;
  }

  /** @internal The mapped result of a write. */
  mutationResult(rs: ResultSet): MutationResult<T> {
    const applied = rs.wasApplied();
    if (applied) return { wasApplied: true, existing: null, info: rs.info };
    const row = rs.first();
    const existing: Record<string, unknown> = {};
    if (row !== undefined) {
      const columns = new Set(row.keys());
      for (const p of this.m.properties) if (columns.has(p.column)) existing[p.property] = row.get(p.column);
    }
    return { wasApplied: false, existing: existing as Partial<T>, info: rs.info };
  }

  private write(build: () => MappedStatement, options: ExecuteOptions): Observable<MutationResult<T>> {
    return this.prepared(build).pipe(
      mergeMap((bound) => this.session.execute(bound, undefined, { ...this.defaults, ...options })),
      map((rs) => this.mutationResult(rs)),
    );
  }

  /** Builds the statement at subscription (errors: nothing sent), prepares it (cached) and binds it. */
  private prepared(build: () => MappedStatement): Observable<BoundStatement> {
    return defer(() => {
      const s = build();
      return this.session.prepare(s.cql).pipe(map((ps) => bindMapped(ps, s)));
    });
  }
}

function defined<O extends object>(o: O): Partial<O> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;
}

function toUpdate<T>(o: MappedUpdateOptions<T>): UpdateOptions {
  return { ...o, ...(o.if !== undefined ? { if: asValues(o.if) } : {}) };
}

function toRemove<T>(o: MappedRemoveOptions<T>): RemoveOptions {
  return { ...o, ...(o.if !== undefined ? { if: asValues(o.if) } : {}) };
}
