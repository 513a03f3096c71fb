/**
 * The error of a wrong cluster option. Its own file, below every option module
 * (cluster-options, metadata-options, contact-points), so that they can all throw it without
 * importing each other in a cycle. Public through the package entry.
 */
import { DriverError } from '../errors/driver-error';

/** A wrong option: `option` names it (e.g. `pooling.local.connections`); `value` is what was given, when passed. */
export class OptionError extends DriverError {
  override readonly name: string = 'OptionError';
  constructor(readonly option: string, reason: string, readonly value?: unknown) {
    super(`Invalid option ${option}: ${reason}`);
  }
}
