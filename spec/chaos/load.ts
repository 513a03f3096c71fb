/**
 * A closed-loop load for chaos scenarios: `concurrency` workers each run one operation after
 * another until `stop()`, the operation count bound or the time bound, whichever comes first. It
 * keeps successes per 100 ms bucket (throughput over time), the longest operation, the operations
 * that outlived a bound, and the errors by class name (with the first few kept whole).
 */

export interface LoadOptions {
  /** Operations in flight at once. */
  readonly concurrency: number;
  /** Hard bound on operations started. */
  readonly maxOps: number;
  /** Hard bound on the run, ms: no operation starts after it. */
  readonly maxMs: number;
  /** An operation outliving this (ms) is counted in `overdue` (e.g. its timeout + 1 s). */
  readonly overdueMs?: number;
  /** Operation `i` (0, 1, 2, ...). */
  readonly op: (i: number) => Promise<void>;
}

export interface LoadSummary {
  readonly started: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly maxDurationMs: number;
  readonly overdue: number;
  readonly elapsedMs: number;
}

const BUCKET_MS = 100;
const KEPT_ERRORS = 10;

export class Load {
  private readonly startedAt = Date.now();
  private readonly buckets: number[] = [];
  private readonly errorCounts = new Map<string, number>();
  readonly firstErrors: unknown[] = [];
  private started = 0;
  private succeeded = 0;
  private failed = 0;
  private maxDuration = 0;
  private overdueCount = 0;
  private stopped = false;
  private inFlightNow = 0;
  private readonly done: Promise<void>;

  constructor(private readonly options: LoadOptions) {
    this.done = Promise.all(Array.from({ length: options.concurrency }, () => this.worker())).then(() => undefined);
  }

  /** Operations running now. */
  get inFlight(): number {
    return this.inFlightNow;
  }

  get successes(): number {
    return this.succeeded;
  }

  /** Stops starting operations; resolves when every running one has ended. */
  async stop(): Promise<LoadSummary> {
    this.stopped = true;
    await this.done;
    return this.summary();
  }

  /** Resolves when the load ended by itself (a bound) or was stopped. */
  finished(): Promise<void> {
    return this.done;
  }

  summary(): LoadSummary {
    return {
      started: this.started,
      succeeded: this.succeeded,
      failed: this.failed,
      errors: Object.fromEntries(this.errorCounts),
      maxDurationMs: this.maxDuration,
      overdue: this.overdueCount,
      elapsedMs: Date.now() - this.startedAt,
    };
  }

  /** Successes per second between two instants (epoch ms). */
  rate(fromMs: number, toMs: number): number {
    const a = Math.max(0, Math.floor((fromMs - this.startedAt) / BUCKET_MS));
    const b = Math.max(a + 1, Math.floor((toMs - this.startedAt) / BUCKET_MS));
    let n = 0;
    for (let i = a; i < b; i++) n += this.buckets[i] ?? 0;
    return (n * 1000) / ((b - a) * BUCKET_MS);
  }

  /** Successes per second for each `stepMs` since the start (the throughput curve). */
  curve(stepMs = 1000): number[] {
    const per = Math.max(1, Math.round(stepMs / BUCKET_MS));
    const out: number[] = [];
    for (let i = 0; i < this.buckets.length; i += per) {
      let n = 0;
      for (let j = i; j < i + per; j++) n += this.buckets[j] ?? 0;
      out.push(Math.round((n * 1000) / (per * BUCKET_MS)));
    }
    return out;
  }

  private async worker(): Promise<void> {
    while (!this.stopped && this.started < this.options.maxOps && Date.now() - this.startedAt < this.options.maxMs) {
      const i = this.started++;
      const t0 = Date.now();
      this.inFlightNow++;
      let failed = false;
      try {
        await this.options.op(i);
        this.succeeded++;
        const bucket = Math.floor((Date.now() - this.startedAt) / BUCKET_MS);
        this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
      } catch (e) {
        failed = true;
        this.failed++;
        const name = e instanceof Error ? e.constructor.name : typeof e;
        this.errorCounts.set(name, (this.errorCounts.get(name) ?? 0) + 1);
        if (this.firstErrors.length < KEPT_ERRORS) this.firstErrors.push(e);
      }
      this.inFlightNow--;
      const d = Date.now() - t0;
      if (d > this.maxDuration) this.maxDuration = d;
      if (this.options.overdueMs !== undefined && d > this.options.overdueMs) this.overdueCount++;
      // A failing cluster must not turn the loop into a busy spin.
      if (failed) await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** What a read load under a fault ended with; each scenario's figures add their own. */
export interface ReadLoadFigures {
  readonly requests: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  /** The first error's message, for the report. */
  readonly firstError: string | null;
  readonly maxDurationMs: number;
  /** Requests that outlived their timeout by more than 1 s. */
  readonly overdue: number;
  /** Answers whose value was not the one written for the key asked. */
  readonly wrongAnswers: number;
}

/** The first error a load met, as `Class: message` (null when none). */
export function firstErrorOf(load: Load): string | null {
  const e = load.firstErrors[0];
  if (e === undefined) return null;
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}
