/**
 * JSON form of rows captured from a real Cassandra: Maps, Sets, Buffers, Dates and value
 * objects (Uuid) are tagged so the unit tests read back exactly what the server returned.
 */
import type { SchemaRow } from '../../../lib/metadata/schema/query-runner';

/** Stands for a value object (Uuid, TimeUuid) that was captured by its text form. */
export class TextValue {
  constructor(private readonly text: string) {}
  toString(): string { return this.text; }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Buffer.isBuffer(value)) return { $blob: value.toString('hex') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Map) return { $map: [...value.entries()].map(([k, v]) => [toJson(k), toJson(v)]) };
  if (value instanceof Set) return { $set: [...value].map(toJson) };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return { $text: String(value) }; // Uuid, TimeUuid, Long, ...
  return String(value);
}

export function fromJson(json: Json): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(fromJson);
  if ('$blob' in json) return Buffer.from(String(json['$blob']), 'hex');
  if ('$date' in json) return new Date(String(json['$date']));
  if ('$text' in json) return new TextValue(String(json['$text']));
  if ('$map' in json) return new Map((json['$map'] as Json[][]).map(([k, v]) => [fromJson(k ?? null), fromJson(v ?? null)]));
  if ('$set' in json) return new Set((json['$set'] as Json[]).map(fromJson));
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, fromJson(v)]));
}

export function rowsToJson(rows: readonly SchemaRow[]): Json {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJson(v)])));
}

export function rowsFromJson(json: unknown): SchemaRow[] {
  return (json as Json[]).map((r) => fromJson(r) as SchemaRow);
}
