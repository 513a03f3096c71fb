/**
 * The request metrics of the Prometheus collector, read at scrape time from a `RequestStats`
 * (fed by `requests$`): per request the driver adds to its own series, and prom-client is touched
 * only when Prometheus scrapes. Series are folded into label sets here (host, keyspace and
 * operation values bounded, the query text never a label).
 *
 * The counters use prom-client's `collect` hook (reset, then set from the series). The histogram
 * has no public way to take bucket counts, so `AggregatedHistogram` answers `get()` (and the
 * registry's text path) itself, in the shape prom-client's own histogram produces.
 */
import { Counter, Histogram, type LabelValues, type MetricObjectWithValues, type MetricValueWithName, type Registry } from 'prom-client';
import type { RequestSeries } from '../../index';

/** A label set and the series folded into it. */
export interface LabelledTotals {
  readonly labels: Record<string, string>;
  count: number;
  sum: number;
  retries: number;
  speculativeExecutions: number;
  readonly buckets: Float64Array;
  /** Failed executions by (bounded) error name. */
  readonly errors: Map<string, number>;
}

/** Folds the series into label sets; `labelsOf` maps a series to its labels (values bounded). */
export function foldSeries(series: readonly RequestSeries[], labelsOf: (s: RequestSeries) => Record<string, string>, errorOf: (name: string) => string): LabelledTotals[] {
  const byKey = new Map<string, LabelledTotals>();
  for (const s of series) {
    const labels = labelsOf(s);
    const key = Object.keys(labels).sort().map((k) => `${k}=${labels[k] ?? ''}`).join('\u0000');
    let t = byKey.get(key);
    if (t === undefined) {
      t = { labels, count: 0, sum: 0, retries: 0, speculativeExecutions: 0, buckets: new Float64Array(s.bucketCounts.length), errors: new Map() };
      byKey.set(key, t);
    }
    t.count += s.count;
    t.sum += s.sum;
    t.retries += s.retries;
    t.speculativeExecutions += s.speculativeExecutions;
    for (let i = 0; i < s.bucketCounts.length; i++) t.buckets[i] = (t.buckets[i] as number) + (s.bucketCounts[i] as number);
    if (s.error !== '') {
      const e = errorOf(s.error);
      t.errors.set(e, (t.errors.get(e) ?? 0) + s.count);
    }
  }
  return [...byKey.values()];
}

type Totals = () => readonly LabelledTotals[];

/** A counter whose values are set from the totals at scrape time. */
export function totalsCounter(name: string, help: string, labelNames: readonly string[], registers: Registry[], totals: Totals, pick: (t: LabelledTotals) => number): Counter<string> {
  return new Counter({
    name, help, labelNames, registers,
    collect(this: Counter<string>) {
      this.reset();
      for (const t of totals()) {
        const v = pick(t);
        if (v > 0) this.inc(t.labels, v);
      }
    },
  });
}

/** Failed executions by error class, set from the totals at scrape time. */
export function errorsCounter(name: string, help: string, labelNames: readonly string[], registers: Registry[], totals: Totals): Counter<string> {
  return new Counter({
    name, help, labelNames: [...labelNames, 'error'], registers,
    collect(this: Counter<string>) {
      this.reset();
      for (const t of totals()) for (const [error, n] of t.errors) this.inc({ ...t.labels, error }, n);
    },
  });
}

type HistogramData = MetricObjectWithValues<MetricValueWithName<string>>;

let empty: Promise<HistogramData> | undefined;
/**
 * What an unregistered prom-client histogram with no observation answers: its `type` and
 * `aggregator` as the registry expects them (the typings declare `type` a numeric enum that the
 * library does not export; at run time it is the text the exposition prints).
 */
function emptyHistogram(): Promise<HistogramData> {
  empty ??= new Histogram({ name: 'cassandra_rx_probe', help: 'probe', registers: [] }).get();
  return empty;
}

/** A histogram whose buckets, sum and count come from the totals when the registry reads it. */
export class AggregatedHistogram extends Histogram<string> {
  constructor(private readonly metricName: string, private readonly help: string, labelNames: readonly string[], private readonly bounds: readonly number[], registers: Registry[], private readonly totals: Totals) {
    super({ name: metricName, help, labelNames, buckets: [...bounds], registers });
  }

  override async get(): Promise<HistogramData> {
    return { ...(await emptyHistogram()), name: this.metricName, help: this.help, values: this.read() };
  }

  /** The registry's text exposition path (prom-client calls it when present). */
  async getForPromString(): Promise<HistogramData> {
    return this.get();
  }

  private read(): Array<MetricValueWithName<string>> {
    const values: Array<MetricValueWithName<string>> = [];
    for (const t of this.totals()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += t.buckets[i] as number;
        values.push({ metricName: `${this.metricName}_bucket`, labels: { ...t.labels, le } as LabelValues<string>, value: acc });
      });
      values.push({ metricName: `${this.metricName}_bucket`, labels: { ...t.labels, le: '+Inf' }, value: t.count });
      values.push({ metricName: `${this.metricName}_sum`, labels: t.labels, value: t.sum });
      values.push({ metricName: `${this.metricName}_count`, labels: t.labels, value: t.count });
    }
    return values;
  }
}
