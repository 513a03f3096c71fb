/**
 * `Tuple` (CQL `tuple<…>`): an immutable, fixed-length sequence of values, and `valueEquals`,
 * the structural equality the value classes share.
 */

export class Tuple {
  private readonly items: readonly unknown[];

  constructor(elements: readonly unknown[]) {
    this.items = Object.freeze([...elements]);
  }

  static of(...elements: unknown[]): Tuple {
    return new Tuple(elements);
  }

  get length(): number {
    return this.items.length;
  }

  /** Element `index` (undefined beyond the end). */
  get(index: number): unknown {
    return this.items[index];
  }

  /** The elements (a frozen array). */
  get elements(): readonly unknown[] {
    return this.items;
  }

  toArray(): unknown[] {
    return [...this.items];
  }

  equals(other: unknown): boolean {
    return other instanceof Tuple && valueEquals(this.items, other.items);
  }

  /** `(1, 'a', null)`. */
  toString(): string {
    return `(${this.items.map(show).join(', ')})`;
  }

  toJSON(): unknown[] {
    return this.toArray();
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

interface Equatable {
  equals(other: unknown): boolean;
}

function isEquatable(value: unknown): value is Equatable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Equatable>).equals === 'function';
}

/**
 * Structural equality of decoded CQL values: `Object.is` for primitives (so NaN equals NaN and
 * -0 differs from 0), `equals` of value classes and Long, element-wise for arrays, typed arrays,
 * Buffers, Sets (by insertion order), Maps (by entry order) and plain objects (UDTs).
 */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (a instanceof Date) return b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (isEquatable(a)) return a.equals(b);
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const left = a as ArrayLike<unknown>;
    const right = b as ArrayLike<unknown>;
    if (a.constructor !== b.constructor || left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!valueEquals(left[i], right[i])) return false;
    return true;
  }
  if (a instanceof Set || a instanceof Map) {
    if (a.constructor !== b.constructor) return false;
    return valueEquals([...a], [...(b as Set<unknown> | Map<unknown, unknown>)]);
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k)
    && valueEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
