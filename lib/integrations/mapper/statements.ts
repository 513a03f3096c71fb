/**
 * The CQL of mapped operations, from a model and the properties an operation names: SELECT by
 * criteria, INSERT of the properties given, UPDATE of the non-key properties given, DELETE by key,
 * with IF NOT EXISTS / IF EXISTS / IF conditions and USING TTL / TIMESTAMP. The text depends only
 * on which properties are named (in the model's order), so each shape is prepared once and its
 * prepared statement reused. Values are checked for presence here; their types when bound.
 */
import { MappingError } from '../../index';
import type { MappedProperty, ModelShape } from './model';

/** A statement ready to prepare and bind: `markers[i]` is the property of value `i` (null for LIMIT, TTL, ...). */
export interface MappedStatement {
  readonly model: ModelShape;
  readonly cql: string;
  readonly values: readonly unknown[];
  readonly markers: ReadonlyArray<MappedProperty | null>;
}

/** Options every write may take. */
export interface WriteOptions {
  /** Seconds the written values live (USING TTL). */
  readonly ttl?: number;
  /** The write's timestamp in microseconds (USING TIMESTAMP); default: the session's generator. */
  readonly usingTimestamp?: number | bigint;
}

/** Values (or conditions) by property name. */
export type FieldValues = Readonly<Record<string, unknown>>;

function present(value: unknown): boolean {
  return value !== undefined;
}

/** The named properties of `values` in the model's order; an unmapped name is a MappingError. */
function named(model: ModelShape, values: FieldValues, what: string): MappedProperty[] {
  if (typeof values !== 'object' || values === null) throw new MappingError(model.name, undefined, undefined, `${what}: expected an object, got ${values === null ? 'null' : typeof values}`);
  for (const key of Object.keys(values)) if (present(values[key])) model.property(key);
  return model.properties.filter((p) => present(values[p.property]));
}

function requireKey(model: ModelShape, values: FieldValues, keys: readonly MappedProperty[], what: string): void {
  for (const k of keys) {
    const v = values[k.property];
    if (v === undefined || v === null) throw new MappingError(model.name, k.property, k.column, `${what}: is part of the primary key and is missing`);
  }
}

function using(options: WriteOptions, values: unknown[], markers: Array<MappedProperty | null>): string {
  const parts: string[] = [];
  if (options.ttl !== undefined) {
    parts.push('TTL ?');
    values.push(options.ttl);
    markers.push(null);
  }
  if (options.usingTimestamp !== undefined) {
    parts.push('TIMESTAMP ?');
    values.push(options.usingTimestamp);
    markers.push(null);
  }
  return parts.length > 0 ? ` USING ${parts.join(' AND ')}` : '';
}

function conditions(model: ModelShape, condition: FieldValues | undefined, ifExists: boolean | undefined, values: unknown[], markers: Array<MappedProperty | null>): string {
  if (condition !== undefined && ifExists) throw new MappingError(model.name, undefined, undefined, 'give either ifExists or if conditions, not both');
  if (ifExists) return ' IF EXISTS';
  if (condition === undefined) return '';
  const props = named(model, condition, 'if');
  if (props.length === 0) throw new MappingError(model.name, undefined, undefined, 'if: no condition given');
  for (const p of props) {
    if (model.isKey(p)) throw new MappingError(model.name, p.property, p.column, 'if: a primary-key column cannot be a condition');
    values.push(condition[p.property]);
    markers.push(p);
  }
  return ` IF ${props.map((p) => `${p.quoted} = ?`).join(' AND ')}`;
}

export interface SelectOptions {
  readonly limit?: number;
  readonly orderBy?: Readonly<Record<string, 'asc' | 'desc'>>;
  readonly allowFiltering?: boolean;
}

export function selectStatement(model: ModelShape, criteria: FieldValues, options: SelectOptions): MappedStatement {
  const props = named(model, criteria, 'criteria');
  const values = props.map((p) => criteria[p.property]);
  const markers: Array<MappedProperty | null> = [...props];
  let cql = `SELECT ${model.properties.map((p) => p.quoted).join(', ')} FROM ${model.qualifiedTable}`;
  if (props.length > 0) cql += ` WHERE ${props.map((p) => `${p.quoted} = ?`).join(' AND ')}`;
  if (options.orderBy !== undefined) {
    const order = Object.entries(options.orderBy).map(([prop, dir]) => {
      const p = model.property(prop);
      if (dir !== 'asc' && dir !== 'desc') throw new MappingError(model.name, prop, p.column, `orderBy: expected 'asc' or 'desc', got ${String(dir)}`);
      return `${p.quoted} ${dir.toUpperCase()}`;
    });
    if (order.length > 0) cql += ` ORDER BY ${order.join(', ')}`;
  }
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new MappingError(model.name, undefined, undefined, `limit must be a positive integer, got ${String(options.limit)}`);
    cql += ' LIMIT ?';
    values.push(options.limit);
    markers.push(null);
  }
  if (options.allowFiltering) cql += ' ALLOW FILTERING';
  return { model, cql, values, markers };
}

export function getStatement(model: ModelShape, key: FieldValues): MappedStatement {
  const keys = [...model.partitionKey, ...model.clustering];
  requireKey(model, key, keys, 'get');
  const extra = named(model, key, 'get').filter((p) => !model.isKey(p));
  if (extra.length > 0) throw new MappingError(model.name, extra[0]?.property, extra[0]?.column, 'get: not a primary-key property (use find$ for other criteria)');
  return selectStatement(model, key, {});
}

export interface InsertOptions extends WriteOptions {
  readonly ifNotExists?: boolean;
}

export function insertStatement(model: ModelShape, row: FieldValues, options: InsertOptions): MappedStatement {
  requireKey(model, row, [...model.partitionKey, ...model.clustering], 'insert');
  const props = named(model, row, 'insert');
  const values: unknown[] = props.map((p) => row[p.property]);
  const markers: Array<MappedProperty | null> = [...props];
  let cql = `INSERT INTO ${model.qualifiedTable} (${props.map((p) => p.quoted).join(', ')}) VALUES (${props.map(() => '?').join(', ')})`;
  if (options.ifNotExists) cql += ' IF NOT EXISTS';
  cql += using(options, values, markers);
  return { model, cql, values, markers };
}

export interface UpdateOptions extends WriteOptions {
  /** Apply only when these (non-key) properties hold these values (IF a = ? AND ...). */
  readonly if?: FieldValues;
  /** Apply only when the row exists (IF EXISTS). */
  readonly ifExists?: boolean;
}

export function updateStatement(model: ModelShape, row: FieldValues, options: UpdateOptions): MappedStatement {
  const keys = [...model.partitionKey, ...model.clustering];
  requireKey(model, row, keys, 'update');
  const props = named(model, row, 'update');
  const set = props.filter((p) => !model.isKey(p));
  if (set.length === 0) throw new MappingError(model.name, undefined, undefined, 'update: no non-key property to set');
  const values: unknown[] = [];
  const markers: Array<MappedProperty | null> = [];
  const usingClause = using(options, values, markers);
  for (const p of [...set, ...keys]) {
    values.push(row[p.property]);
    markers.push(p);
  }
  let cql = `UPDATE ${model.qualifiedTable}${usingClause} SET ${set.map((p) => `${p.quoted} = ?`).join(', ')} WHERE ${keys.map((p) => `${p.quoted} = ?`).join(' AND ')}`;
  cql += conditions(model, options.if, options.ifExists, values, markers);
  return { model, cql, values, markers };
}

export interface RemoveOptions {
  readonly if?: FieldValues;
  readonly ifExists?: boolean;
  /** The deletion's timestamp in microseconds (USING TIMESTAMP). */
  readonly usingTimestamp?: number | bigint;
}

export function removeStatement(model: ModelShape, key: FieldValues, options: RemoveOptions): MappedStatement {
  const keys = [...model.partitionKey, ...model.clustering];
  requireKey(model, key, keys, 'remove');
  const extra = named(model, key, 'remove').filter((p) => !model.isKey(p));
  if (extra.length > 0) throw new MappingError(model.name, extra[0]?.property, extra[0]?.column, 'remove: not a primary-key property (conditions go in `if`)');
  const values: unknown[] = [];
  const markers: Array<MappedProperty | null> = [];
  const usingClause = using({ ...(options.usingTimestamp !== undefined ? { usingTimestamp: options.usingTimestamp } : {}) }, values, markers);
  for (const p of keys) {
    values.push(key[p.property]);
    markers.push(p);
  }
  let cql = `DELETE FROM ${model.qualifiedTable}${usingClause} WHERE ${keys.map((p) => `${p.quoted} = ?`).join(' AND ')}`;
  cql += conditions(model, options.if, options.ifExists, values, markers);
  return { model, cql, values, markers };
}
