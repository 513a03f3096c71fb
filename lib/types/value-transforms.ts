/**
 * The value transforms of registered codecs and user types, built from a type descriptor: after
 * decoding, the driver's values become the application's (bottom-up: a UDT's fields are converted
 * before the UDT); before encoding, the application's become values the built-in encoder takes.
 * A type that no registration touches gets no transform (null), so it costs nothing.
 */
import { InvalidValueError, describeValue } from '../errors/codec-errors';
import { ValueMappingError } from '../errors/mapping-errors';
import type { DataType, UdtType } from './data-type';
import type { BoundUserType } from './user-type-registration';
import { typeToCql } from './cql-type-names';
import { nestedTarget } from './codec-errors';
import { Tuple } from './tuple';

/** A decoded (non-null) value → the application's value. Raises `ValueMappingError`. */
export type DecodeTransform = (value: unknown) => unknown;
/** An application value (non-null) → a value the built-in encoder takes; `target` names it in errors. */
export type EncodeTransform = (value: unknown, target: string) => unknown;

/** A registered codec as the registry keeps it (any `CustomCodec` is one). */
export interface StoredCodec {
  readonly cqlType: string;
  is(value: unknown): boolean;
  fromCql(value: unknown): unknown;
  toCql(value: unknown): unknown;
}

/** What the transforms read from the registry. */
export interface TransformSource {
  codecFor(kind: string): StoredCodec | undefined;
  userType(keyspace: string, name: string): { is(value: unknown): boolean; bind(udt: UdtType): BoundUserType } | undefined;
  decoder(type: DataType): DecodeTransform | null;
  encoder(type: DataType): EncodeTransform | null;
}

const isNil = (v: unknown): boolean => v === null || v === undefined;

/** A registered `fromCql` failed: the error names the type (the column is added by the caller). */
function conversionFailed(type: DataType, e: unknown): ValueMappingError {
  return e instanceof ValueMappingError ? e : new ValueMappingError('a value', typeToCql(type), e);
}

export function decodeTransform(type: DataType, reg: TransformSource): DecodeTransform | null {
  switch (type.kind) {
    case 'list': {
      const el = reg.decoder(type.element);
      if (!el) return null;
      return (v) => {
        const a = v as unknown[];
        for (let i = 0; i < a.length; i++) if (!isNil(a[i])) a[i] = el(a[i]);
        return a;
      };
    }
    case 'set': {
      const el = reg.decoder(type.element);
      if (!el) return null;
      return (v) => new Set([...(v as Set<unknown>)].map((x) => (isNil(x) ? x : el(x))));
    }
    case 'map': {
      const k = reg.decoder(type.key);
      const val = reg.decoder(type.value);
      if (!k && !val) return null;
      return (v) => {
        const out = new Map<unknown, unknown>();
        for (const [key, value] of v as Map<unknown, unknown>) {
          out.set(k && !isNil(key) ? k(key) : key, val && !isNil(value) ? val(value) : value);
        }
        return out;
      };
    }
    case 'tuple': {
      const els = type.elements.map((e) => reg.decoder(e));
      if (els.every((e) => e === null)) return null;
      return (v) => new Tuple((v as Tuple).elements.map((x, i) => {
        const fn = els[i];
        return fn && !isNil(x) ? fn(x) : x;
      }));
    }
    case 'udt':
      return decodeUdt(type, reg);
    case 'vector':
    case 'custom':
      return null;
    default: {
      const codec = reg.codecFor(type.kind);
      if (!codec) return null;
      return (v) => {
        try {
          return codec.fromCql(v);
        } catch (e) {
          throw conversionFailed(type, e);
        }
      };
    }
  }
}

function decodeUdt(type: UdtType, reg: TransformSource): DecodeTransform | null {
  const fields = type.fields.map((f) => [f.name, reg.decoder(f.type)] as const).filter((f): f is readonly [string, DecodeTransform] => f[1] !== null);
  const registration = reg.userType(type.keyspace, type.name);
  const bound = registration ? registration.bind(type) : null; // throws the mismatch: the execution fails with it
  if (!bound && fields.length === 0) return null;
  return (v) => {
    const rec = v as Record<string, unknown>;
    for (const [name, fn] of fields) if (!isNil(rec[name])) rec[name] = fn(rec[name]);
    if (!bound) return rec;
    try {
      return bound.fromCql(rec);
    } catch (e) {
      throw conversionFailed(type, e);
    }
  };
}

function isFieldValues(v: unknown): boolean {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeFailure(type: DataType, value: unknown, target: string, e: unknown): InvalidValueError {
  if (e instanceof InvalidValueError) return e;
  return new InvalidValueError(target, typeToCql(type), describeValue(value), `the registered conversion failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export function encodeTransform(type: DataType, reg: TransformSource): EncodeTransform | null {
  switch (type.kind) {
    case 'list':
    case 'set': {
      const el = reg.encoder(type.element);
      if (!el) return null;
      const one = (x: unknown, i: number, target: string): unknown => (isNil(x) ? x : el(x, nestedTarget(target, `element ${i}`)));
      return (v, target) => {
        if (Array.isArray(v)) return v.map((x, i) => one(x, i, target));
        if (v instanceof Set) return new Set([...(v as Set<unknown>)].map((x, i) => one(x, i, target)));
        return v;
      };
    }
    case 'map': {
      const k = reg.encoder(type.key);
      const val = reg.encoder(type.value);
      if (!k && !val) return null;
      return (v, target) => {
        const conv = (key: unknown, value: unknown): [unknown, unknown] => [
          k && !isNil(key) ? k(key, nestedTarget(target, 'key')) : key,
          val && !isNil(value) ? val(value, nestedTarget(target, `value of key ${String(key)}`)) : value,
        ];
        if (v instanceof Map) return new Map([...(v as Map<unknown, unknown>)].map(([key, value]) => conv(key, value)));
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          return Object.fromEntries(Object.entries(v).map(([key, value]) => [key, conv(key, value)[1]]));
        }
        return v;
      };
    }
    case 'tuple': {
      const els = type.elements.map((e) => reg.encoder(e));
      if (els.every((e) => e === null)) return null;
      return (v, target) => {
        const items = v instanceof Tuple ? v.elements : Array.isArray(v) ? v : null;
        if (items === null) return v;
        return items.map((x: unknown, i) => {
          const fn = els[i];
          return fn && !isNil(x) ? fn(x, nestedTarget(target, `element ${i}`)) : x;
        });
      };
    }
    case 'udt':
      return encodeUdt(type, reg);
    case 'vector':
    case 'custom':
      return null;
    default: {
      const codec = reg.codecFor(type.kind);
      if (!codec) return null;
      return (v, target) => {
        if (!codec.is(v)) return v;
        try {
          return codec.toCql(v);
        } catch (e) {
          throw encodeFailure(type, v, target, e);
        }
      };
    }
  }
}

function encodeUdt(type: UdtType, reg: TransformSource): EncodeTransform | null {
  const fields = type.fields.map((f) => [f.name, reg.encoder(f.type)] as const).filter((f): f is readonly [string, EncodeTransform] => f[1] !== null);
  const registration = reg.userType(type.keyspace, type.name);
  const bound = registration ? registration.bind(type) : null;
  if (!bound && fields.length === 0) return null;
  return (v, target) => {
    let rec: unknown = v;
    if (bound && registration?.is(v)) {
      try {
        rec = bound.toCql(v);
      } catch (e) {
        throw encodeFailure(type, v, target, e);
      }
    } else if (bound && !isFieldValues(v)) {
      throw new InvalidValueError(target, typeToCql(type), describeValue(v), 'expected a value of the registered user type, or a plain object (or a Map) of field values');
    }
    if (fields.length === 0 || typeof rec !== 'object' || rec === null) return rec;
    if (rec instanceof Map) {
      const out = new Map(rec as Map<unknown, unknown>);
      for (const [name, fn] of fields) {
        const x = out.get(name);
        if (!isNil(x)) out.set(name, fn(x, nestedTarget(target, `field "${name}"`)));
      }
      return out;
    }
    const out: Record<string, unknown> = { ...(rec as Record<string, unknown>) };
    for (const [name, fn] of fields) {
      const x = out[name];
      if (!isNil(x)) out[name] = fn(x, nestedTarget(target, `field "${name}"`));
    }
    return out;
  };
}
