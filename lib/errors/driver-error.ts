/**
 * The root of the driver's error hierarchy (see docs/errors.md) and the wrapper for thrown values
 * that are not `Error`s. Every family file of lib/errors builds on this one; it imports nothing.
 */

/** Root of every error the driver raises: one typed hierarchy (see docs/errors.md). */
export class DriverError extends Error {
  override readonly name: string = 'DriverError';
  /** The host (`address:port`) the error concerns, when known (set by the execution for server errors). */
  host: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Something threw (or rejected with) a value that is not an `Error`: a string, a number, a plain
 * object. `value` holds it as thrown (it is also the `cause`); `context` says where it was met.
 */
export class ThrownValueError extends DriverError {
  override readonly name: string = 'ThrownValueError';

  constructor(readonly value: unknown, readonly context: string) {
    super(`${context}: a non-Error value was thrown: ${String(value)}`, { cause: value });
  }
}

/** `value` itself when it is an `Error`, else a `ThrownValueError` naming `context`. */
export function toError(value: unknown, context: string): Error {
  return value instanceof Error ? value : new ThrownValueError(value, context);
}
