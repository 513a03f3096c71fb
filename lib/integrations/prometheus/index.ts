/** cassandra-rx/prometheus: a prom-client collector for a cluster (requests, errors, retries, latency histogram, pool gauges), per cluster and per host, with bounded labels. */
export { registerCassandraMetrics } from './collector';
export type { CassandraCollector } from './collector';
export { PrometheusOptionError, UnboundedLabelError } from '../../index';
export { DEFAULT_BUCKETS, PROMETHEUS_LABELS, UNBOUNDED_LABELS } from './options';
export type { PrometheusOptions, PrometheusLabel } from './options';
