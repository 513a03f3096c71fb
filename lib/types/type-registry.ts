/**
 * The per-cluster registry of custom codecs and user-type mappings, and the value transforms it
 * makes for a type: resolved once per type descriptor (a prepared statement's or a result's
 * columns) and cached, never per cell. An empty registry is one boolean read per page or bind.
 */
import { InvalidValueError, describeValue } from '../errors/codec-errors';
import { TypeRegistrationError, UserTypeMismatchError } from '../errors/mapping-errors';
import type { DataType, SimpleTypeName, UdtType } from './data-type';
import type { CustomCodec, UserTypeClass, UserTypeMapping } from './custom-codec';
import { UserTypeRegistration } from './user-type-registration';
import { decodeTransform, encodeTransform, type DecodeTransform, type EncodeTransform, type StoredCodec } from './value-transforms';

const SCALARS: ReadonlySet<string> = new Set<SimpleTypeName>([
  'ascii', 'bigint', 'blob', 'boolean', 'counter', 'date', 'decimal', 'double', 'duration', 'float', 'inet', 'int',
  'smallint', 'text', 'time', 'timestamp', 'timeuuid', 'tinyint', 'uuid', 'varint',
]);


/** How a user type is looked up in the schema: its descriptor, undefined when absent, 'unknown' when the schema is not kept. */
export type UserTypeLookup = (keyspace: string, name: string) => UdtType | undefined | 'unknown';

export class TypeRegistry {
  /** True while nothing is registered (the hot path reads only this). */
  isEmpty = true;
  private readonly codecs = new Map<string, StoredCodec>();
  private readonly udts = new Map<string, UserTypeRegistration>();
  private decoders = new WeakMap<DataType, DecodeTransform | null>();
  private encoders = new WeakMap<DataType, EncodeTransform | null>();
  private gen = 0;

  /** Bumped by every registration or change of a registration's state (caches keyed on it). */
  get generation(): number {
    return this.gen;
  }

  registerCodec<T, K extends SimpleTypeName>(codec: CustomCodec<T, K>): void {
    const type = typeof codec === 'object' && codec !== null ? String(codec.cqlType) : '?';
    const subject = `a codec for ${type}`;
    if (typeof codec !== 'object' || codec === null) throw new TypeRegistrationError(subject, 'expected a codec object');
    if (!SCALARS.has(type)) throw new TypeRegistrationError(subject, `cqlType must be a CQL scalar type name (${[...SCALARS].join(', ')})`);
    for (const fn of ['is', 'fromCql', 'toCql'] as const) {
      if (typeof codec[fn] !== 'function') throw new TypeRegistrationError(subject, `"${fn}" must be a function`);
    }
    if (this.codecs.has(type)) throw new TypeRegistrationError(subject, `${type} already has a codec (one per CQL type)`);
    this.codecs.set(type, codec);
    this.changed();
  }

  /**
   * Registers a user-type mapping. With `lookup`, checks it against the schema first: a type that
   * does not exist or whose fields differ raises `UserTypeMismatchError` and is not registered.
   */
  registerUserType(keyspace: string, name: string, target: UserTypeMapping<unknown> | UserTypeClass<object>, lookup?: UserTypeLookup): UserTypeRegistration {
    const reg = new UserTypeRegistration(keyspace, name, target);
    const key = `${keyspace}.${name}`;
    if (this.udts.has(key)) throw new TypeRegistrationError(`user type ${key}`, 'already registered');
    if (lookup) {
      const error = this.verifyOne(reg, lookup);
      if (error) throw error;
    }
    this.udts.set(key, reg);
    this.changed();
    return reg;
  }

  codecFor(kind: string): StoredCodec | undefined {
    return this.codecs.get(kind);
  }

  userType(keyspace: string, name: string): UserTypeRegistration | undefined {
    return this.udts.get(`${keyspace}.${name}`);
  }

  userTypes(): UserTypeRegistration[] {
    return [...this.udts.values()];
  }

  allCodecs(): StoredCodec[] {
    return [...this.codecs.values()];
  }

  /**
   * Checks the registrations (of `keyspace`, or all) against the schema. Returns each one whose
   * state changed: broken now (with its error) or repaired (error null).
   */
  verify(lookup: UserTypeLookup, keyspace?: string): Array<{ registration: UserTypeRegistration; error: UserTypeMismatchError | null }> {
    const changes: Array<{ registration: UserTypeRegistration; error: UserTypeMismatchError | null }> = [];
    for (const reg of this.udts.values()) {
      if (keyspace !== undefined && reg.keyspace !== keyspace) continue;
      const before = reg.broken;
      const error = this.verifyOne(reg, lookup);
      reg.broken = error;
      if ((before === null) !== (error === null) || (before && error && before.message !== error.message)) changes.push({ registration: reg, error });
    }
    if (changes.length > 0) this.changed();
    return changes;
  }

  /** Transform of decoded values of `type`, or null when nothing registered applies to it. */
  decoder(type: DataType): DecodeTransform | null {
    let t = this.decoders.get(type);
    if (t === undefined) {
      t = decodeTransform(type, this);
      this.decoders.set(type, t);
    }
    return t;
  }

  /** Transform of values to encode as `type`, or null when nothing registered applies to it. */
  encoder(type: DataType): EncodeTransform | null {
    let t = this.encoders.get(type);
    if (t === undefined) {
      t = encodeTransform(type, this);
      this.encoders.set(type, t);
    }
    return t;
  }

  /**
   * For unprepared statements: a value of a registered codec's type or user type is converted, and
   * its CQL type returned (sent as that type unless a hint says otherwise). Other values unchanged.
   */
  inferable(value: unknown, target: string): { value: unknown; type: DataType | undefined } {
    if (value === null || value === undefined) return { value, type: undefined };
    for (const codec of this.codecs.values()) {
      if (codec.is(value)) {
        const type: DataType = { kind: codec.cqlType as SimpleTypeName };
        return { value: (this.encoder(type) as EncodeTransform)(value, target), type };
      }
    }
    for (const reg of this.udts.values()) {
      if (!reg.claims(value)) continue;
      if (reg.broken) throw reg.broken;
      const type = reg.schemaType;
      if (type === null) {
        throw new InvalidValueError(target, `${reg.keyspace}.${reg.name}`, describeValue(value),
          'an unprepared statement can send a registered user type only while the schema describes it (metadata.schema); prepare the statement instead');
      }
      return { value: (this.encoder(type) as EncodeTransform)(value, target), type };
    }
    return { value, type: undefined };
  }

  private verifyOne(reg: UserTypeRegistration, lookup: UserTypeLookup): UserTypeMismatchError | null {
    const found = lookup(reg.keyspace, reg.name);
    if (found === 'unknown') return null;
    if (found === undefined) {
      reg.schemaType = null;
      return new UserTypeMismatchError(reg.keyspace, reg.name, 'not found');
    }
    reg.schemaType = found;
    return reg.check(found);
  }

  private changed(): void {
    this.isEmpty = this.codecs.size === 0 && this.udts.size === 0;
    this.gen++;
    this.decoders = new WeakMap();
    this.encoders = new WeakMap();
  }
}
