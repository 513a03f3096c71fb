/**
 * Chart points from metrics snapshots. A snapshot's counters run from the cluster's start, so the
 * throughput is the difference of two snapshots over their time apart; latency percentiles are the
 * server's (since start, in µs), given here in ms; in-flight requests are the gauge at that time.
 */
import { scan, filter, map, type OperatorFunction } from 'rxjs';
import type { MetricsJson } from '../../index';

export interface MetricsSample {
  /** ms since the epoch (the server's clock). */
  readonly at: number;
  /** Finished executions per second since the previous snapshot (null for the first). */
  readonly requestsPerSecond: number | null;
  /** Failed executions per second since the previous snapshot (null for the first). */
  readonly errorsPerSecond: number | null;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly inFlight: number;
}

const errorsOf = (m: MetricsJson): number => Object.values(m.errors).reduce((a, b) => a + b, 0);

/** One sample per snapshot; a snapshot not later than the previous one (a restarted server) restarts the rates. */
export function metricsSamples(): OperatorFunction<MetricsJson, MetricsSample> {
  return (source) => source.pipe(
    scan<MetricsJson, { prev: MetricsJson | null; sample: MetricsSample | null }>((acc, m) => {
      const prev = acc.prev !== null && m.at > acc.prev.at && m.requests >= acc.prev.requests ? acc.prev : null;
      const seconds = prev === null ? 0 : (m.at - prev.at) / 1000;
      return {
        prev: m,
        sample: {
          at: m.at,
          requestsPerSecond: prev === null ? null : (m.requests - prev.requests) / seconds,
          errorsPerSecond: prev === null ? null : Math.max(0, errorsOf(m) - errorsOf(prev)) / seconds,
          p50Ms: m.latency.p50 / 1000,
          p99Ms: m.latency.p99 / 1000,
          inFlight: m.inFlight,
        },
      };
    }, { prev: null, sample: null }),
    map((acc) => acc.sample),
    filter((s): s is MetricsSample => s !== null),
  );
}
