/**
 * cassandra-rx/opentelemetry/sdk: the driver's metrics as an OpenTelemetry SDK MetricProducer
 * (aggregated in the driver, handed to the SDK when its reader collects). Needs
 * @opentelemetry/sdk-metrics and @opentelemetry/resources; `cassandra-rx/opentelemetry` needs
 * only @opentelemetry/api and never loads this entry.
 */
export { cassandraMetricProducer } from './metric-producer';
export type { CassandraMetricProducer } from './metric-producer';
export type { ProducerOptions } from './producer-options';
export type { MetricAttribute } from '../options';
export { InstrumentationOptionError } from '../../../index';
