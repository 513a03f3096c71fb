/**
 * Options of `cassandraMetricProducer`, with their defaults and validation: a wrong option is an
 * `InstrumentationOptionError` at setup naming the option and the value.
 */
import { InstrumentationOptionError } from '../../../index';
import { DURATION_BUCKETS } from '../metrics';
import { validateMetricsOptions, type MetricAttribute } from '../options';
import { INSTRUMENTATION_NAME } from '../traced-session';

export interface ProducerOptions {
  /** As `instrumentMetrics`' option: `'db.namespace'`, `'db.operation.name'`, `'db.collection.name'` (default all three). */
  attributes?: readonly MetricAttribute[];
  /** Bucket boundaries of `db.client.operation.duration`, in seconds, ascending. Default: the conventions' advice. */
  boundaries?: readonly number[];
  /** Instrumentation scope name of the metrics. Default `cassandra-rx`. */
  scopeName?: string;
}

export interface ResolvedProducerOptions {
  readonly attributes: readonly MetricAttribute[];
  readonly boundaries: readonly number[];
  readonly scopeName: string;
}

const KEYS = ['attributes', 'boundaries', 'scopeName'];

export function validateProducerOptions(options: ProducerOptions): ResolvedProducerOptions {
  if (typeof options !== 'object' || options === null) throw new InstrumentationOptionError('producer', 'must be an object', options);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new InstrumentationOptionError(`producer.${key}`, `unknown option (known: ${KEYS.join(', ')})`, key);
  }
  const attributes = validateMetricsOptions(options.attributes === undefined ? {} : { attributes: options.attributes });
  const boundaries = options.boundaries ?? DURATION_BUCKETS;
  if (!Array.isArray(boundaries) || boundaries.length === 0
    || boundaries.some((b, i) => typeof b !== 'number' || !Number.isFinite(b) || b <= 0 || (i > 0 && b <= (boundaries[i - 1] as number)))) {
    throw new InstrumentationOptionError('producer.boundaries', 'must be ascending positive finite numbers (seconds)', boundaries);
  }
  const scopeName = options.scopeName ?? INSTRUMENTATION_NAME;
  if (typeof scopeName !== 'string' || scopeName === '') throw new InstrumentationOptionError('producer.scopeName', 'must be a non-empty string', scopeName);
  return { attributes, boundaries, scopeName };
}
