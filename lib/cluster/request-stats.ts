/**
 * `RequestStats`: finished executions aggregated by series (host, keyspace, query, error) into
 * explicit-bucket duration histograms and counters, for exporters that read them when they collect
 * (`cassandra-rx/prometheus`, `cassandra-rx/opentelemetry-sdk`) instead of calling a metrics
 * library per request. Recording a request is four `Map` lookups on strings the driver already
 * holds (their hashes are cached by the engine), a bucket search and a few additions: no
 * allocation once a series exists, no key string built per request.
 */
import type { RequestRecord } from './cluster-events';

/** One series: the requests that share a host, keyspace, query and error. */
export interface RequestSeries {
  /** `address:port` of the host that answered or was tried last; '' when none was. */
  readonly host: string;
  /** '' when the statement's keyspace is unknown. */
  readonly keyspace: string;
  /** The query as `RequestRecord.query` shows it; '' for the overflow series. */
  readonly query: string;
  /** The error class name; '' when the executions succeeded. */
  readonly error: string;
  /** Finished executions (cancelled ones are not recorded). */
  readonly count: number;
  /** Sum of the durations, in seconds. */
  readonly sum: number;
  /** Smallest and largest duration in seconds (Infinity / -Infinity while empty). */
  readonly min: number;
  readonly max: number;
  /**
   * Non-cumulative count per bucket: `bucketCounts[i]` counts durations ≤ `boundaries[i]` and above
   * the previous boundary; the last entry counts those above every boundary.
   */
  readonly bucketCounts: Float64Array;
  readonly retries: number;
  readonly speculativeExecutions: number;
}

export interface RequestStatsOptions {
  /** Upper bounds of the duration buckets in seconds, ascending, finite, at least one. */
  readonly boundaries: readonly number[];
  /**
   * Series kept at most (default 10,000). Past it, a new (keyspace, query) is counted in its
   * host's overflow series, whose query is '' (for statements with values written into the CQL).
   */
  readonly maxSeries?: number;
}

class Series implements RequestSeries {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  retries = 0;
  speculativeExecutions = 0;
  readonly bucketCounts: Float64Array;
  constructor(readonly host: string, readonly keyspace: string, readonly query: string, readonly error: string, buckets: number) {
    this.bucketCounts = new Float64Array(buckets);
  }
}

type Level<T> = Map<string, T>;

export class RequestStats {
  readonly boundaries: readonly number[];
  private readonly bounds: Float64Array;
  private readonly maxSeries: number;
  private readonly byHost: Level<Level<Level<Level<Series>>>> = new Map();
  private readonly all: Series[] = [];

  constructor(options: RequestStatsOptions) {
    const b = options.boundaries;
    if (b.length === 0 || b.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= (b[i - 1] as number)))) {
      throw new RangeError(`RequestStats boundaries must be finite and strictly ascending, at least one (got [${b.join(', ')}])`);
    }
    this.boundaries = Object.freeze([...b]);
    this.bounds = Float64Array.from(b);
    this.maxSeries = options.maxSeries ?? 10_000;
  }

  /** Adds one finished execution; cancelled ones are ignored. */
  record(r: RequestRecord): void {
    if (r.cancelled === true) return;
    this.count(r.host, r.keyspace, r.query, r.error, r.latencyMs, r.retries, r.speculativeExecutions);
  }

  /**
   * Adds one finished (not cancelled) execution from its parts, without a record: what
   * `cluster.collectRequestStats` calls from the execution path.
   */
  count(host: string | undefined, keyspace: string | undefined, query: string, error: string | undefined, latencyMs: number, retries: number, speculative: number): void {
    const s = this.seriesOf(host ?? '', keyspace ?? '', query, error ?? '');
    const seconds = latencyMs / 1000;
    s.count++;
    s.sum += seconds;
    if (seconds < s.min) s.min = seconds;
    if (seconds > s.max) s.max = seconds;
    s.retries += retries;
    s.speculativeExecutions += speculative;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > (bounds[i] as number)) i++;
    s.bucketCounts[i] = (s.bucketCounts[i] as number) + 1;
  }

  /** Every series recorded so far (live objects: read them, do not keep them across records). */
  series(): readonly RequestSeries[] {
    return this.all;
  }

  private seriesOf(host: string, keyspace: string, query: string, error: string): Series {
    let byKeyspace = this.byHost.get(host);
    if (byKeyspace === undefined) this.byHost.set(host, (byKeyspace = new Map()));
    let byQuery = byKeyspace.get(keyspace);
    if (byQuery === undefined) byKeyspace.set(keyspace, (byQuery = new Map()));
    let byError = byQuery.get(query);
    if (byError === undefined) {
      if (this.all.length >= this.maxSeries) return this.overflow(byKeyspace, host, error);
      byQuery.set(query, (byError = new Map()));
    }
    let s = byError.get(error);
    if (s === undefined) {
      if (this.all.length >= this.maxSeries) return this.overflow(byKeyspace, host, error);
      byError.set(error, (s = this.add(host, keyspace, query, error)));
    }
    return s;
  }

  /** The host's series for queries past `maxSeries` (keyspace and query ''), one per error. */
  private overflow(byKeyspace: Level<Level<Level<Series>>>, host: string, error: string): Series {
    let byQuery = byKeyspace.get('');
    if (byQuery === undefined) byKeyspace.set('', (byQuery = new Map()));
    let byError = byQuery.get('');
    if (byError === undefined) byQuery.set('', (byError = new Map()));
    let s = byError.get(error);
    if (s === undefined) byError.set(error, (s = this.add(host, '', '', error)));
    return s;
  }

  private add(host: string, keyspace: string, query: string, error: string): Series {
    const s = new Series(host, keyspace, query, error, this.bounds.length + 1);
    this.all.push(s);
    return s;
  }
}
