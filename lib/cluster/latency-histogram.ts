/**
 * A fixed-memory latency histogram for metrics: log-linear buckets (16 per power of two, so a
 * reported percentile is within about 6% of the true value), constant-time `record`, no allocation.
 */

const SUB_BITS = 4;
const SUB = 1 << SUB_BITS; // buckets per power of two
const MAX_EXP = 40; // values up to 2^40 µs (about 12 days)
const BUCKETS = (MAX_EXP + 1) * SUB;

export interface LatencySummary {
  count: number;
  /** Percentiles and max in microseconds (0 when empty). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Index of the bucket holding `v` (a non-negative integer). */
function bucketOf(v: number): number {
  if (v < SUB) return v;
  if (v < 0x80000000) {
    // The common case (under 35 minutes) in 32-bit integer arithmetic.
    const exp = 31 - Math.clz32(v);
    return (exp - SUB_BITS + 1) * SUB + ((v >>> (exp - SUB_BITS)) - SUB);
  }
  const exp = Math.floor(Math.log2(v));
  const shift = exp - SUB_BITS;
  const sub = Math.floor(v / 2 ** shift) - SUB; // 0..SUB-1
  return Math.min(BUCKETS - 1, (exp - SUB_BITS + 1) * SUB + sub);
}

/** Upper bound of the values in bucket `i`. */
function bucketUpper(i: number): number {
  if (i < SUB) return i;
  const exp = Math.floor(i / SUB) + SUB_BITS - 1;
  const sub = i % SUB;
  const shift = exp - SUB_BITS;
  return (SUB + sub + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maxValue = 0;

  /** Record one latency in microseconds. */
  record(micros: number): void {
    const v = micros > 0 ? Math.round(micros) : 0;
    this.counts[bucketOf(v)]! += 1;
    this.total++;
    this.sum += v;
    if (v > this.maxValue) this.maxValue = v;
  }

  get count(): number {
    return this.total;
  }

  /** The value at quantile `q` (0..1), in microseconds, never above the recorded max. */
  percentile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(bucketUpper(i), this.maxValue);
    }
    return this.maxValue;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      p99: this.percentile(0.99),
      max: this.maxValue,
      mean: this.total === 0 ? 0 : this.sum / this.total,
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.maxValue = 0;
  }
}
