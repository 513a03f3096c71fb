/**
 * Results: rows with typed access by name (`row.name`) and by index or name (`row.get(0)`),
 * column definitions, `wasApplied()` for lightweight transactions, and execution info.
 */
import type { ColumnSpec } from '../protocol/result-metadata';

/** How an execution went. */
export interface ExecutionInfo {
  /** Endpoints tried, in order. */
  readonly hostsTried: readonly string[];
  /** Endpoint whose answer is this result. */
  readonly host: string;
  readonly attempts: number;
  readonly retries: number;
  readonly speculativeExecutions: number;
  /** Server warnings (e.g. large batch, tombstones). */
  readonly warnings: readonly string[];
  /** Tracing session id (hex UUID) when tracing was asked for. */
  readonly traceId: string | null;
  /** Paging state to fetch the next page (also `ResultSet.pagingState`). */
  readonly pagingState: Buffer | null;
  readonly customPayload: ReadonlyMap<string, Buffer | null> | null;
  /** For schema changes: whether all hosts agreed on the schema before completion (bounded wait). */
  readonly schemaInAgreement?: boolean;
  readonly latencyMs: number;
}

/** Access every row has besides its column properties (a column with one of these names shadows it). */
export interface RowAccess {
  /** Value by column index or name. */
  get(column: number | string): unknown;
  /** Values in column order. */
  values(): unknown[];
  /** Column names in order. */
  keys(): string[];
}

export type Row<T extends object = Record<string, unknown>> = T & RowAccess;

const VALUES: unique symbol = Symbol('values');

interface RowInternals {
  [VALUES]: unknown[];
}

type RowMaker = (values: unknown[]) => Row<object>;
/** Factories by column array (a prepared statement's result columns are one array for its lifetime). */
const byColumns = new WeakMap<readonly ColumnSpec[], RowMaker>();
/** Factories by column names, for results that carry their own (equal) metadata each time. Bounded. */
const byNames = new Map<string, RowMaker>();
const MAX_BY_NAMES = 256;

/**
 * One prototype per result's columns: rows share it, so building a row is one object and its fields.
 * Cached: results with the same columns share one prototype (a fresh prototype per result made
 * every row access megamorphic and cost more than decoding).
 */
export function rowFactory<T extends object>(columns: readonly ColumnSpec[]): (values: unknown[]) => Row<T> {
  let make = byColumns.get(columns);
  if (!make) {
    let key = '';
    for (const c of columns) key += `${c.name}\u0000`;
    make = byNames.get(key);
    if (!make) {
      make = newRowFactory<object>(columns);
      if (byNames.size >= MAX_BY_NAMES) byNames.clear();
      byNames.set(key, make);
    }
    byColumns.set(columns, make);
  }
  return make as (values: unknown[]) => Row<T>;
}

function newRowFactory<T extends object>(columns: readonly ColumnSpec[]): (values: unknown[]) => Row<T> {
  const names = columns.map((c) => c.name);
  const index = new Map(names.map((n, i) => [n, i]));
  // A class per column set: every row is built by one constructor assigning the same fields in the
  // same order, so rows share one hidden class and property access stays monomorphic.
  class RowOfColumns {
    constructor(values: unknown[]) {
      const self = this as unknown as Record<string | symbol, unknown>;
      self[VALUES] = values; // a symbol key: not listed by Object.keys, for...in or JSON.stringify
      for (let i = 0; i < names.length; i++) self[names[i] as string] = values[i];
    }
    get(this: RowInternals, column: number | string): unknown {
      const i = typeof column === 'number' ? column : index.get(column);
      return i === undefined ? undefined : this[VALUES][i];
    }
    values(this: RowInternals): unknown[] {
      return [...this[VALUES]];
    }
    keys(): string[] {
      return [...names];
    }
  }
  return (values) => new RowOfColumns(values) as unknown as Row<T>;
}

export class ResultSet<T extends object = Record<string, unknown>> implements Iterable<Row<T>> {
  constructor(
    readonly rows: readonly Row<T>[],
    /** Column definitions (empty for results without rows). */
    readonly columns: readonly ColumnSpec[],
    readonly info: ExecutionInfo,
  ) {}

  /** Paging state of the next page, or null on the last page. */
  get pagingState(): Buffer | null {
    return this.info.pagingState;
  }

  get rowLength(): number {
    return this.rows.length;
  }

  first(): Row<T> | undefined {
    return this.rows[0];
  }

  /**
   * For a lightweight transaction: whether it was applied (the `[applied]` column). True for
   * results without that column (ordinary writes always apply).
   */
  wasApplied(): boolean {
    const first = this.rows[0];
    if (!first || !this.columns.some((c) => c.name === '[applied]')) return true;
    return first.get('[applied]') === true;
  }

  [Symbol.iterator](): Iterator<Row<T>> {
    return this.rows[Symbol.iterator]();
  }
}
