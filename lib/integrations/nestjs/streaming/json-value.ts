/**
 * Rows as JSON-safe values for HTTP answers and SSE events: `JSON.stringify` throws on a bigint and
 * writes a 64-bit `Long` as its halves, a Map as `{}` and a Buffer as an array of bytes. Here a
 * bigint or Long becomes its decimal string, a Buffer base64, a Date its ISO string, a Set an
 * array, a Map an object (or `[key, value]` pairs when its keys are not strings), and the driver's
 * value types (Uuid, LocalDate, Duration, BigDecimal, InetAddress, ...) their own `toJSON()`.
 */

import type { JsonValue } from '../../../index';

export type { JsonValue };

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toString(): string;
}

function isLong(v: object): v is LongLike {
  const l = v as Partial<LongLike>;
  return typeof l.low === 'number' && typeof l.high === 'number' && typeof l.unsigned === 'boolean';
}

function hasToJson(v: object): v is { toJSON(): unknown } {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

/** A CQL value (as the driver decodes it) as a JSON-safe value. */
export function toJsonValue(v: unknown): JsonValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : String(v);
    case 'bigint':
      return v.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    default:
      break;
  }
  if (v === null) return null;
  const o = v as object;
  if (o instanceof Uint8Array) return Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64');
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? null : o.toISOString();
  if (Array.isArray(o)) return o.map(toJsonValue);
  if (o instanceof Set) return [...o].map(toJsonValue);
  if (o instanceof Map) {
    const entries = [...o];
    if (entries.every(([k]) => typeof k === 'string')) return Object.fromEntries(entries.map(([k, x]) => [k as string, toJsonValue(x)]));
    return entries.map(([k, x]) => [toJsonValue(k), toJsonValue(x)]);
  }
  if (isLong(o)) return o.toString();
  if (hasToJson(o)) return toJsonValue(o.toJSON());
  return rowToJson(o);
}

/** A row (or UDT value, or any plain object) as a JSON object of its columns. */
export function rowToJson(row: object): { [column: string]: JsonValue } {
  const keys = typeof (row as { keys?: unknown }).keys === 'function' && !(row instanceof Map)
    ? (row as { keys(): string[] }).keys()
    : Object.keys(row);
  const out: { [column: string]: JsonValue } = {};
  for (const k of keys) out[k] = toJsonValue((row as Record<string, unknown>)[k]);
  return out;
}
