/**
 * One registered user type: the application's mapping (or class) for `keyspace.name`, checked
 * against the type's fields wherever they are known (the schema, or the type a result or a
 * prepared statement carries), and whether the schema currently breaks it.
 */
import { TypeRegistrationError, UserTypeMismatchError } from '../errors/mapping-errors';
import type { UdtType } from './data-type';
import type { UserTypeClass, UserTypeMapping } from './custom-codec';

/** A mapping bound to one UDT's fields: what the value transforms call. */
export interface BoundUserType {
  fromCql(fields: Record<string, unknown>): unknown;
  toCql(value: unknown): Record<string, unknown>;
}

/** `zip_code` → `zipCode`. */
export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function isPlainRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export class UserTypeRegistration {
  /** Set while the schema does not match the registration (every use raises it). */
  broken: UserTypeMismatchError | null = null;
  /** The type as the schema last described it (for unprepared statements), when known. */
  schemaType: UdtType | null = null;
  private readonly cls: UserTypeClass<object> | null;
  private readonly mapping: UserTypeMapping<unknown> | null;
  /** The class's properties (own enumerable keys of `new C()`), or the mapping's declared fields. */
  private readonly declared: readonly string[] | null;
  private readonly bound = new WeakMap<UdtType, BoundUserType>();

  constructor(readonly keyspace: string, readonly name: string, target: UserTypeMapping<unknown> | UserTypeClass<object>) {
    const subject = `user type ${keyspace}.${name}`;
    if (typeof keyspace !== 'string' || keyspace === '' || typeof name !== 'string' || name === '') {
      throw new TypeRegistrationError(subject, 'keyspace and type name must be non-empty strings');
    }
    if (typeof target === 'function') {
      let sample: object;
      try {
        sample = new target();
      } catch (e) {
        throw new TypeRegistrationError(subject, `new ${target.name}() threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      const keys = Object.keys(sample);
      if (keys.length === 0) throw new TypeRegistrationError(subject, `new ${target.name}() has no own properties; give the fields initial values`);
      this.cls = target;
      this.mapping = null;
      this.declared = keys;
    } else if (typeof target === 'object' && target !== null && typeof target.fromCql === 'function' && typeof target.toCql === 'function') {
      if (target.is !== undefined && typeof target.is !== 'function') throw new TypeRegistrationError(subject, '"is" must be a function');
      if (target.fields !== undefined && !(Array.isArray(target.fields) && target.fields.every((f) => typeof f === 'string'))) {
        throw new TypeRegistrationError(subject, '"fields" must be an array of field names');
      }
      this.cls = null;
      this.mapping = target;
      this.declared = target.fields ?? null;
    } else {
      throw new TypeRegistrationError(subject, 'expected a class or an object with fromCql and toCql functions');
    }
  }

  /** Whether `value` is an application value of this type (rather than plain field values). */
  is(value: unknown): boolean {
    if (this.cls !== null) return value instanceof this.cls;
    if (this.mapping?.is) return this.mapping.is(value);
    return typeof value === 'object' && value !== null && !isPlainRecord(value) && !(value instanceof Map);
  }

  /** Whether `value` is known to be this type's by its class or the mapping's own `is` (no default guess). */
  claims(value: unknown): boolean {
    if (this.cls !== null) return value instanceof this.cls;
    return this.mapping?.is !== undefined && this.mapping.is(value);
  }

  /** The error for `udt` when its fields do not match, else null (fields → properties resolved). */
  check(udt: UdtType): UserTypeMismatchError | null {
    const pairs = this.pairsOf(udt);
    return pairs instanceof UserTypeMismatchError ? pairs : null;
  }

  /** The mapping bound to `udt`'s fields. Throws the mismatch (or the schema's break) when it cannot be. */
  bind(udt: UdtType): BoundUserType {
    if (this.broken) throw this.broken;
    let b = this.bound.get(udt);
    if (b) return b;
    const pairs = this.pairsOf(udt);
    if (pairs instanceof UserTypeMismatchError) throw pairs;
    b = this.cls !== null ? classBinding(this.cls, pairs) : mappingBinding(this.mapping as UserTypeMapping<unknown>);
    this.bound.set(udt, b);
    return b;
  }

  /** [field, property] pairs, or the mismatch. */
  private pairsOf(udt: UdtType): Array<[string, string]> | UserTypeMismatchError {
    const fields = udt.fields.map((f) => f.name);
    if (this.declared === null) return fields.map((f) => [f, f]);
    const props = new Set(this.declared);
    const pairs: Array<[string, string]> = [];
    const missing: string[] = [];
    for (const f of fields) {
      const prop = props.has(f) ? f : this.cls !== null && props.has(camelCase(f)) ? camelCase(f) : undefined;
      if (prop === undefined) missing.push(f);
      else {
        pairs.push([f, prop]);
        props.delete(prop);
      }
    }
    if (missing.length > 0 || props.size > 0) {
      return new UserTypeMismatchError(this.keyspace, this.name, 'fields differ', missing, [...props]);
    }
    return pairs;
  }
}

function classBinding(cls: UserTypeClass<object>, pairs: ReadonlyArray<[string, string]>): BoundUserType {
  return {
    fromCql(fields) {
      const out = new cls() as Record<string, unknown>;
      for (const [field, prop] of pairs) out[prop] = fields[field];
      return out;
    },
    toCql(value) {
      const v = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [field, prop] of pairs) out[field] = v[prop];
      return out;
    },
  };
}

function mappingBinding(mapping: UserTypeMapping<unknown>): BoundUserType {
  return {
    fromCql: (fields) => mapping.fromCql(fields),
    toCql: (value) => ({ ...mapping.toCql(value) }),
  };
}
