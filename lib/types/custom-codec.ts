/**
 * What applications register to map CQL values to their own types: a custom codec for a CQL
 * scalar type (`bigint` ↔ JS `bigint`, `timestamp` ↔ a date class, `decimal` ↔ a decimal class)
 * and a mapping (or a class) for a user-defined type. Both sit on top of the built-in codecs: a
 * codec converts the value the driver decodes into the application's, and the application's into
 * a value the driver encodes (docs/types.md, "Custom codecs and user types").
 */
import type Long from 'long';
import type { SimpleTypeName } from './data-type';
import type { BigDecimal } from './big-decimal';
import type { Duration } from './duration';
import type { InetAddress } from './inet-address';
import type { LocalDate } from './local-date';
import type { LocalTime } from './local-time';
import type { TimeUuid } from './time-uuid';
import type { Uuid } from './uuid';

/** What the driver decodes each CQL scalar type to (what a codec's `fromCql` receives). */
export interface CqlValueMap {
  ascii: string;
  text: string;
  /** `Long`, or `bigint` with the `useBigInt` option. */
  bigint: Long | bigint;
  counter: Long | bigint;
  varint: bigint;
  int: number;
  smallint: number;
  tinyint: number;
  float: number;
  double: number;
  decimal: BigDecimal;
  boolean: boolean;
  blob: Buffer;
  uuid: Uuid;
  timeuuid: TimeUuid;
  timestamp: Date;
  date: LocalDate;
  time: LocalTime;
  duration: Duration;
  inet: InetAddress;
}

/** What the driver encodes as each CQL scalar type (what a codec's `toCql` may return). */
export interface CqlInputMap {
  ascii: string;
  text: string;
  bigint: Long | bigint | number;
  counter: Long | bigint | number;
  varint: bigint | Long | number;
  int: number | bigint | Long;
  smallint: number | bigint | Long;
  tinyint: number | bigint | Long;
  float: number;
  double: number;
  decimal: BigDecimal | string | number;
  boolean: boolean;
  blob: Buffer | Uint8Array;
  uuid: Uuid | string | Buffer;
  timeuuid: TimeUuid | Uuid | string | Buffer;
  timestamp: Date | number | bigint | Long;
  date: LocalDate | string | Date;
  time: LocalTime | string | bigint | Long;
  duration: Duration | string;
  inet: InetAddress | string | Buffer;
}

/**
 * A custom codec: the application type `T` for CQL type `K`. Decoding calls `fromCql` on every
 * non-null value of type `K` (in columns, collections, tuples and UDT fields); encoding calls
 * `toCql` on every value for which `is` holds (other values go to the built-in encoder, which
 * rejects what it cannot take with `InvalidValueError`). `is` also lets unprepared statements send
 * `T` values as `K`.
 */
export interface CustomCodec<T, K extends SimpleTypeName = SimpleTypeName> {
  readonly cqlType: K;
  is(value: unknown): value is T;
  fromCql(value: CqlValueMap[K]): T;
  toCql(value: T): CqlInputMap[K];
}

/**
 * How a user-defined type maps to an application type `T`. `fromCql` receives the fields by
 * name, nested registered types and codec types already converted; `toCql` returns field values
 * by name (missing fields are sent as null).
 */
export interface UserTypeMapping<T> {
  fromCql(fields: Readonly<Record<string, unknown>>): T;
  toCql(value: T): Readonly<Record<string, unknown>>;
  /** Which values are `T` (encoding, unprepared statements). Default: any object that is not a plain object or a `Map`. */
  is?(value: unknown): value is T;
  /** The CQL field names the mapping reads and writes: when given, checked against the type's fields. */
  readonly fields?: readonly string[];
}

/**
 * A class for a user-defined type: `new C()` takes no arguments and gives every property an
 * initial value (its own enumerable properties are the mapped ones). Field `zip_code` maps to
 * property `zip_code`, or else `zipCode`.
 */
export type UserTypeClass<T extends object> = new () => T;
