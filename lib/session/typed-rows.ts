/**
 * Rows through the registered codecs and user types: the transforms of a result's columns are
 * resolved once per column array (a prepared statement's are one array for its lifetime) and
 * registry state, then applied to every non-null cell of the columns that have one.
 */
import { ValueMappingError } from '../errors/mapping-errors';
import type { ColumnSpec } from '../protocol/result-metadata';
import type { TypeRegistry } from '../types/type-registry';
import type { DecodeTransform } from '../types/value-transforms';

interface ColumnTransforms {
  readonly registry: TypeRegistry;
  readonly generation: number;
  /** [column index, transform] for the columns that have one; empty when none does. */
  readonly fns: ReadonlyArray<readonly [number, DecodeTransform]>;
}

const byColumns = new WeakMap<readonly ColumnSpec[], ColumnTransforms>();

function transformsOf(types: TypeRegistry, columns: readonly ColumnSpec[]): ColumnTransforms {
  const hit = byColumns.get(columns);
  if (hit !== undefined && hit.registry === types && hit.generation === types.generation) return hit;
  const fns: Array<readonly [number, DecodeTransform]> = [];
  columns.forEach((c, i) => {
    const fn = types.decoder(c.type);
    if (fn) fns.push([i, fn]);
  });
  const made = { registry: types, generation: types.generation, fns };
  byColumns.set(columns, made);
  return made;
}

/** Converts the decoded `rows` (arrays of cell values, in column order) in place. */
export function convertRows(types: TypeRegistry, columns: readonly ColumnSpec[], rows: readonly unknown[]): void {
  const { fns } = transformsOf(types, columns);
  if (fns.length === 0) return;
  for (const row of rows) {
    const cells = row as unknown[];
    for (const [i, fn] of fns) {
      const v = cells[i];
      if (v === null || v === undefined) continue;
      try {
        cells[i] = fn(v);
      } catch (e) {
        if (e instanceof ValueMappingError) throw new ValueMappingError(`column "${columns[i]?.name ?? i}"`, e.cqlType, e.cause);
        throw e;
      }
    }
  }
}
