/**
 * Encoders of the composite CQL types: list, set, map (an [int] count, then [bytes] items; v3+),
 * tuple and UDT (successive [bytes] fields, -1 for null). Elements are encoded by the callback, so
 * nesting is unbounded and every error names its full target path.
 */
import type { ListType, MapType, SetType, TupleType, UdtType } from './data-type';
import type { DataType } from './data-type';
import { invalidValue, nestedTarget } from './codec-errors';
import { Tuple } from './tuple';

/** Encode one nested value; null means a null (-1 length) element. */
export type ElementEncoder = (type: DataType, value: unknown, target: string) => Buffer | null;

/** [int] count followed by the items, each an [int] length (-1 for null) and its bytes. */
function frame(count: number, items: readonly (Buffer | null)[]): Buffer {
  let size = 4;
  for (const item of items) size += 4 + (item ? item.length : 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(count, 0);
  let pos = 4;
  for (const item of items) {
    if (item === null) {
      out.writeInt32BE(-1, pos);
      pos += 4;
    } else {
      out.writeInt32BE(item.length, pos);
      item.copy(out, pos + 4);
      pos += 4 + item.length;
    }
  }
  return out;
}

/** The values of an array-like input (arrays, typed arrays; sets too when `allowSet`). */
function elementsOf(value: unknown, allowSet: boolean): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (allowSet && value instanceof Set) return [...(value as Set<unknown>)];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !Buffer.isBuffer(value)) {
    return Array.from(value as unknown as ArrayLike<unknown>);
  }
  return undefined;
}

function nonNull(type: DataType, item: Buffer | null, value: unknown, target: string, what: string): Buffer {
  if (item === null) throw invalidValue(type, value, target, `${what} cannot be null inside a collection`);
  return item;
}

export function encodeListOrSet(type: ListType | SetType, value: unknown, target: string, encode: ElementEncoder): Buffer {
  const elements = elementsOf(value, type.kind === 'set');
  if (!elements) {
    throw invalidValue(type, value, target, type.kind === 'set' ? 'expected a Set or an array' : 'expected an array');
  }
  const items = elements.map((element, i) => {
    const child = nestedTarget(target, `element ${i}`);
    return nonNull(type.element, encode(type.element, element, child), element, child, 'an element');
  });
  return frame(items.length, items);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function encodeMap(type: MapType, value: unknown, target: string, encode: ElementEncoder): Buffer {
  let entries: [unknown, unknown][];
  if (value instanceof Map) entries = [...(value as Map<unknown, unknown>)];
  else if (isPlainObject(value) && (type.key.kind === 'text' || type.key.kind === 'ascii')) entries = Object.entries(value);
  else {
    const reason = type.key.kind === 'text' || type.key.kind === 'ascii' ? 'expected a Map or a plain object' : 'expected a Map';
    throw invalidValue(type, value, target, reason);
  }
  const items: Buffer[] = [];
  for (const [k, v] of entries) {
    const keyTarget = nestedTarget(target, `key ${describeKey(k)}`);
    items.push(nonNull(type.key, encode(type.key, k, keyTarget), k, keyTarget, 'a key'));
    const valueTarget = nestedTarget(target, `value of key ${describeKey(k)}`);
    items.push(nonNull(type.value, encode(type.value, v, valueTarget), v, valueTarget, 'a value'));
  }
  return frame(entries.length, items);
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key.length > 30 ? `${key.slice(0, 27)}...` : key);
  if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') return String(key);
  return String(key).slice(0, 40);
}

/** Successive [bytes] with no count (tuples and UDTs). */
function fields(items: readonly (Buffer | null)[]): Buffer {
  return frame(0, items).subarray(4);
}

export function encodeTuple(type: TupleType, value: unknown, target: string, encode: ElementEncoder): Buffer {
  const elements = value instanceof Tuple ? value.elements : Array.isArray(value) ? value : undefined;
  if (!elements) throw invalidValue(type, value, target, 'expected a Tuple or an array');
  if (elements.length !== type.elements.length) {
    throw invalidValue(type, value, target, `expected ${type.elements.length} elements, got ${elements.length}`);
  }
  const items = type.elements.map((elementType, i) => {
    const element: unknown = elements[i];
    return element === null || element === undefined ? null : encode(elementType, element, nestedTarget(target, `element ${i}`));
  });
  return fields(items);
}

export function encodeUdt(type: UdtType, value: unknown, target: string, encode: ElementEncoder): Buffer {
  let get: (name: string) => unknown;
  let keys: Iterable<unknown>;
  if (value instanceof Map) {
    get = (name) => (value as Map<unknown, unknown>).get(name);
    keys = (value as Map<unknown, unknown>).keys();
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    const record = value as Record<string, unknown>;
    get = (name) => (Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined);
    keys = Object.keys(record);
  } else {
    throw invalidValue(type, value, target, 'expected a plain object (or a Map) of field values');
  }
  const known = new Set(type.fields.map((f) => f.name));
  for (const key of keys) {
    if (typeof key !== 'string' || !known.has(key)) {
      throw invalidValue(type, value, target, `unknown field ${JSON.stringify(String(key))}`);
    }
  }
  const items = type.fields.map((field) => {
    const fieldValue = get(field.name);
    if (fieldValue === null || fieldValue === undefined) return null;
    return encode(field.type, fieldValue, nestedTarget(target, `field "${field.name}"`));
  });
  return fields(items);
}
