/**
 * Wrong options, found when they are given (constructing a `Cluster`, instrumenting a cluster or
 * session, registering metrics): nothing is connected or sent. Each names the option at fault.
 */
import { DriverError } from './driver-error';

/** A wrong option: `option` names it (e.g. `pooling.local.connections`); `value` is what was given, when passed. */
export class OptionError extends DriverError {
  override readonly name: string = 'OptionError';

  constructor(readonly option: string, reason: string, readonly value?: unknown) {
    super(`Invalid option ${option}: ${reason}`);
  }
}

/** A wrong `cassandra-rx/prometheus` option; `option` names it. */
export class PrometheusOptionError extends OptionError {
  override readonly name: string = 'PrometheusOptionError';
}

/** A Prometheus label whose values would be unbounded (e.g. the query text): refused. */
export class UnboundedLabelError extends PrometheusOptionError {
  override readonly name: string = 'UnboundedLabelError';
}

/** A wrong `cassandra-rx/opentelemetry` option; `option` names it. */
export class InstrumentationOptionError extends OptionError {
  override readonly name: string = 'InstrumentationOptionError';
}
