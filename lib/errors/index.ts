/** The driver's one error hierarchy: DriverError and its client-side and server-reported kinds. */
export * from './driver-error';
export * from './server-errors';
export * from './client-errors';
