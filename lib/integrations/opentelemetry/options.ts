/**
 * Options of `instrument` (tracing) and `instrumentMetrics` (metrics), each field with its
 * default, and their validation: a wrong option is an `InstrumentationOptionError` at setup,
 * naming the option and the value, before anything is traced or measured.
 */
import type { Meter, Tracer } from '@opentelemetry/api';
import { InstrumentationOptionError } from '../../index';
import { QUERY_TEXT_POLICIES, type QueryTextPolicy } from './statement-facts';

export interface TracingOptions {
  /** Tracer for the spans. Default: the global tracer provider's `cassandra-rx` tracer. */
  tracer?: Tracer;
  /**
   * `db.query.text`: `'off'` (default: the query is not recorded), `'sanitized'` (string, number,
   * UUID and blob literals replaced by `?`; bind markers kept) or `'full'` (as written: may carry
   * personal data when values are inlined).
   */
  queryText?: QueryTextPolicy;
  /** One span event per attempt (host, speculative or not) and per failed attempt (error, retry decision). Default true. */
  attemptEvents?: boolean;
}

export interface MetricsOptions {
  /** Meter for the instruments. Default: the global meter provider's `cassandra-rx` meter. */
  meter?: Meter;
  /**
   * Attributes of the operation duration histogram beyond `db.system.name`, `server.address`,
   * `server.port` and `error.type` (always there): any of `'db.namespace'`,
   * `'db.operation.name'`, `'db.collection.name'`. Default all three (bounded by the schema).
   * Anything else (e.g. `'db.query.text'`) is refused: it would make the series unbounded.
   */
  attributes?: readonly MetricAttribute[];
}

export type MetricAttribute = 'db.namespace' | 'db.operation.name' | 'db.collection.name';
export const METRIC_ATTRIBUTES: readonly MetricAttribute[] = ['db.namespace', 'db.operation.name', 'db.collection.name'];

const TRACING_KEYS = ['tracer', 'queryText', 'attemptEvents'];
const METRICS_KEYS = ['meter', 'attributes'];

function knownKeys(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InstrumentationOptionError(`${where}.${key}`, `unknown option (known: ${known.join(', ')})`, key);
  }
}

export function validateTracingOptions(options: TracingOptions): Required<Omit<TracingOptions, 'tracer'>> {
  if (typeof options !== 'object' || options === null) throw new InstrumentationOptionError('tracing', 'must be an object', options);
  knownKeys(options, TRACING_KEYS, 'tracing');
  const queryText = options.queryText ?? 'off';
  if (!QUERY_TEXT_POLICIES.includes(queryText)) {
    throw new InstrumentationOptionError('tracing.queryText', `unknown query text policy (one of ${QUERY_TEXT_POLICIES.join(', ')})`, queryText);
  }
  const attemptEvents = options.attemptEvents ?? true;
  if (typeof attemptEvents !== 'boolean') throw new InstrumentationOptionError('tracing.attemptEvents', 'must be a boolean', attemptEvents);
  if (options.tracer !== undefined && typeof options.tracer.startSpan !== 'function') {
    throw new InstrumentationOptionError('tracing.tracer', 'must be an OpenTelemetry Tracer', options.tracer);
  }
  return { queryText, attemptEvents };
}

export function validateMetricsOptions(options: MetricsOptions): readonly MetricAttribute[] {
  if (typeof options !== 'object' || options === null) throw new InstrumentationOptionError('metrics', 'must be an object', options);
  knownKeys(options, METRICS_KEYS, 'metrics');
  const attributes = options.attributes ?? METRIC_ATTRIBUTES;
  if (!Array.isArray(attributes)) throw new InstrumentationOptionError('metrics.attributes', 'must be an array', attributes);
  for (const a of attributes as readonly unknown[]) {
    if (!METRIC_ATTRIBUTES.includes(a as MetricAttribute)) {
      throw new InstrumentationOptionError('metrics.attributes', `"${String(a)}" would make the series unbounded or is unknown (allowed: ${METRIC_ATTRIBUTES.join(', ')})`, a);
    }
  }
  if (options.meter !== undefined && typeof options.meter.createHistogram !== 'function') {
    throw new InstrumentationOptionError('metrics.meter', 'must be an OpenTelemetry Meter', options.meter);
  }
  return attributes;
}
