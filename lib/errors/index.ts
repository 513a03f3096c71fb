/** The driver's one error hierarchy (docs/errors.md): every error class, by family. */
export { DriverError, ThrownValueError } from './driver-error';
export * from './codec-errors';
export * from './connection-errors';
export * from './server-errors';
export * from './client-errors';
export * from './option-errors';
export * from './integration-errors';
export * from './mapping-errors';
