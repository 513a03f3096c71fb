/**
 * Options of the Prometheus collector, each with its default, and their validation: a wrong
 * option is a `PrometheusOptionError` at setup (an `UnboundedLabelError` for a label whose values
 * are not bounded, such as the query text), naming the option and the value.
 */
import type { Registry } from 'prom-client';
import { PrometheusOptionError, UnboundedLabelError } from '../../index';

/** Extra dimensions of the request metrics, bounded by the schema. */
export type PrometheusLabel = 'keyspace' | 'operation';
export const PROMETHEUS_LABELS: readonly PrometheusLabel[] = ['keyspace', 'operation'];
/** Labels refused because their values are unbounded (one series per statement or value). */
export const UNBOUNDED_LABELS: readonly string[] = ['query', 'statement', 'cql', 'params', 'values', 'paging_state', 'trace_id'];

export interface PrometheusOptions {
  /** Registry the metrics go to. Default: prom-client's global `register`. */
  registry?: Registry;
  /** Metric name prefix. Default `cassandra_`. */
  prefix?: string;
  /** The `cluster` label's value (several clusters can share a registry). Default `default`. */
  clusterName?: string;
  /** Per-host series (`host` label = `address:port`). Default true. */
  perHost?: boolean;
  /** Extra labels on request metrics: `keyspace`, `operation` (SELECT, INSERT, ...). Default none. */
  labels?: readonly PrometheusLabel[];
  /** Distinct values kept per label (hosts, error classes, keyspaces, ...); later ones are `_other`. Default 200. */
  maxLabelValues?: number;
  /** Latency histogram buckets in seconds, ascending. Default 0.0005 … 10. */
  buckets?: readonly number[];
}

export interface ResolvedPrometheusOptions {
  readonly prefix: string;
  readonly clusterName: string;
  readonly perHost: boolean;
  readonly labels: readonly PrometheusLabel[];
  readonly maxLabelValues: number;
  readonly buckets: readonly number[];
}

export const DEFAULT_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const KEYS = ['registry', 'prefix', 'clusterName', 'perHost', 'labels', 'maxLabelValues', 'buckets'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export function resolvePrometheusOptions(o: PrometheusOptions): ResolvedPrometheusOptions {
  if (typeof o !== 'object' || o === null) throw new PrometheusOptionError('prometheus', 'must be an object', o);
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) throw new PrometheusOptionError(`prometheus.${key}`, `unknown option (known: ${KEYS.join(', ')})`, key);
  }
  const prefix = o.prefix ?? 'cassandra_';
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME.test(prefix))) {
    throw new PrometheusOptionError('prometheus.prefix', 'must be a valid metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)', prefix);
  }
  const clusterName = o.clusterName ?? 'default';
  if (typeof clusterName !== 'string' || clusterName === '') throw new PrometheusOptionError('prometheus.clusterName', 'must be a non-empty string', clusterName);
  const perHost = o.perHost ?? true;
  if (typeof perHost !== 'boolean') throw new PrometheusOptionError('prometheus.perHost', 'must be a boolean', perHost);
  const labels = o.labels ?? [];
  if (!Array.isArray(labels)) throw new PrometheusOptionError('prometheus.labels', 'must be an array', labels);
  for (const l of labels as readonly unknown[]) {
    if (typeof l === 'string' && UNBOUNDED_LABELS.includes(l)) {
      throw new UnboundedLabelError('prometheus.labels', `"${l}" would give one series per statement or value (unbounded); allowed: ${PROMETHEUS_LABELS.join(', ')}`, l);
    }
    if (!PROMETHEUS_LABELS.includes(l as PrometheusLabel)) throw new PrometheusOptionError('prometheus.labels', `unknown label (allowed: ${PROMETHEUS_LABELS.join(', ')})`, l);
  }
  const maxLabelValues = o.maxLabelValues ?? 200;
  if (!Number.isInteger(maxLabelValues) || maxLabelValues < 1 || maxLabelValues > 10_000) {
    throw new UnboundedLabelError('prometheus.maxLabelValues', 'must be an integer from 1 to 10000 (it bounds the series per label)', maxLabelValues);
  }
  const buckets = o.buckets ?? DEFAULT_BUCKETS;
  if (!Array.isArray(buckets) || buckets.length === 0 || buckets.some((b, i) => typeof b !== 'number' || !(b > 0) || !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] as number)))) {
    throw new PrometheusOptionError('prometheus.buckets', 'must be ascending positive finite numbers (seconds)', buckets);
  }
  return { prefix, clusterName, perHost, labels, maxLabelValues, buckets };
}
