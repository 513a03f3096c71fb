/**
 * Errors of typed mapping: registrations of user-type classes and custom codecs that cannot work,
 * registered conversions that fail on a value, and the object mapper's refusals (an unmapped
 * property, a missing key column, a value of the wrong type). Each names what was wrong; nothing is
 * sent when one is raised before an execution.
 */
import { DriverError } from './driver-error';

/** A `registerUserType` / `registerCodec` call that cannot be accepted (bad argument, duplicate). */
export class TypeRegistrationError extends DriverError {
  override readonly name: string = 'TypeRegistrationError';

  /** `subject` names the registration: `codec for bigint`, `user type ks.address`. */
  constructor(readonly subject: string, readonly reason: string) {
    super(`Cannot register ${subject}: ${reason}`);
  }
}

/**
 * A registered user type does not match the schema: the type does not exist (`reason: 'not found'`)
 * or its fields differ from the registered class's properties (`'fields differ'`). Raised by
 * `registerUserType` when the schema is known, by `connect()`, and by every encode or decode of
 * that type after a schema change broke it (until the schema matches again).
 */
export class UserTypeMismatchError extends DriverError {
  override readonly name: string = 'UserTypeMismatchError';

  constructor(
    readonly keyspace: string,
    readonly typeName: string,
    readonly reason: 'not found' | 'fields differ',
    /** Fields of the CQL type that no property maps. */
    readonly missing: readonly string[] = [],
    /** Properties of the registration that are not fields of the CQL type. */
    readonly unexpected: readonly string[] = [],
  ) {
    super(reason === 'not found'
      ? `User type ${keyspace}.${typeName} is registered but does not exist in the schema`
      : `User type ${keyspace}.${typeName} does not match its registration:${missing.length > 0 ? ` fields without a property: ${missing.join(', ')};` : ''}${unexpected.length > 0 ? ` properties that are not fields: ${unexpected.join(', ')};` : ''}`.replace(/;$/, ''));
  }
}

/**
 * A registered conversion (a custom codec's or a user type's `fromCql`) failed on a decoded value;
 * the execution fails with it. `target` names the column (and the nested element or field).
 */
export class ValueMappingError extends DriverError {
  override readonly name: string = 'ValueMappingError';

  constructor(readonly target: string, readonly cqlType: string, cause: unknown) {
    super(`Cannot convert the ${cqlType} value of ${target}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The object mapper refused an operation before sending anything: `model` names the model (its
 * table), `property` and `column` what was wrong, when one is at fault. A value the column's
 * type cannot take has the codec's `InvalidValueError` as its `cause`.
 */
export class MappingError extends DriverError {
  override readonly name: string = 'MappingError';

  constructor(readonly model: string, readonly property: string | undefined, readonly column: string | undefined, readonly reason: string, options?: { cause?: unknown }) {
    super(`Model ${model}${property !== undefined ? `, property "${property}"` : ''}${column !== undefined ? ` (column "${column}")` : ''}: ${reason}`, options);
  }
}
