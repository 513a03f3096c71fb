/** cassandra-rx/opentelemetry: spans per execution and per page (subscribe-time parents) and metrics from the cluster bus, on @opentelemetry/api. */
export { instrument, TracedSession, INSTRUMENTATION_NAME } from './traced-session';
export { instrumentMetrics, DURATION_BUCKETS } from './metrics';
export type { MetricsHandle } from './metrics';
export { InstrumentationOptionError } from '../../index';
export { METRIC_ATTRIBUTES } from './options';
export type { TracingOptions, MetricsOptions, MetricAttribute } from './options';
export { sanitize, QUERY_TEXT_POLICIES } from './statement-facts';
export type { QueryTextPolicy } from './statement-facts';
