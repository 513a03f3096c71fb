/**
 * Reading `system_schema` cells out of rows: each accessor accepts what the types layer decodes
 * (strings, numbers, booleans, `Map`, `Set`, arrays, `Buffer`, `Date`, Uuid objects) and, for the
 * maps, plain objects too. Missing and null cells read as the given fallback.
 */
import { SchemaRowError } from '../../errors/codec-errors';
import type { TextMap } from './model';
import type { SchemaRow } from './query-runner';

export function text(row: SchemaRow, column: string): string {
  const v = row[column];
  if (v === null || v === undefined) throw new SchemaRowError(`system_schema row without "${column}"`);
  return String(v);
}

export function textOr<F>(row: SchemaRow, column: string, fallback: F): string | F {
  const v = row[column];
  return v === null || v === undefined ? fallback : String(v);
}

export function boolOr<F>(row: SchemaRow, column: string, fallback: F): boolean | F {
  const v = row[column];
  return typeof v === 'boolean' ? v : fallback;
}

export function numberOr<F>(row: SchemaRow, column: string, fallback: F): number | F {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return fallback;
}

/** A timestamp cell (Date or ms) as ms since the epoch, or null. */
export function timeOrNull(row: SchemaRow, column: string): number | null {
  const v = row[column];
  if (v instanceof Date) return v.getTime();
  return typeof v === 'number' ? v : null;
}

/** list<text> / set<text> cells as a string array (null → []). */
export function textList(row: SchemaRow, column: string): string[] {
  const v = row[column];
  if (Array.isArray(v) || v instanceof Set) return [...(v as Iterable<unknown>)].map(String);
  return [];
}

/** Entries of a map cell given as a `Map` or a plain object. */
function mapEntries(v: unknown): Array<[string, unknown]> {
  if (v instanceof Map) return [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v);
  return [];
}

/** A frozen, null-prototype record (no inherited keys such as `constructor`). */
export function frozenRecord(entries: Iterable<readonly [string, string]>): TextMap {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) out[k] = v;
  return Object.freeze(out);
}

/** map<text, text> cell (null → {}). */
export function textMap(row: SchemaRow, column: string): TextMap {
  return frozenRecord(mapEntries(row[column]).map(([k, v]): [string, string] => [k, v === null ? '' : String(v)]));
}

/** map<text, blob> cell with the blobs as lowercase hex (null → {}). */
export function hexMap(row: SchemaRow, column: string): TextMap {
  return frozenRecord(mapEntries(row[column]).map(([k, v]): [string, string] => [k, Buffer.isBuffer(v) ? v.toString('hex') : String(v ?? '')]));
}

/** True when the row has the cell at all (columns that only some server versions have). */
export function hasColumn(row: SchemaRow, column: string): boolean {
  return Object.prototype.hasOwnProperty.call(row, column);
}

/** Compare names as Cassandra sorts them: by their UTF-8 bytes. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
