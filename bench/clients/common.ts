/**
 * What every bench client shares: the task description passed by the runner, a closed-loop load
 * generator (N requests in flight, bounded in time and count) measuring throughput, client CPU per
 * request and latency percentiles, and a peak-memory sampler.
 */
import { performance } from 'node:perf_hooks';

export interface Task {
  readonly scenario: 'overhead' | 'real' | 'paging' | 'compression';
  readonly host: string;
  readonly port: number;
  /** Protocol version the client must speak. */
  readonly version: 4 | 5;
  readonly compression: 'lz4' | 'none';
  /** Ours with LZ4: which codec (`js` = lz4js, `native` = lz4-napi). Default: the driver's `auto`. */
  readonly lz4?: 'js' | 'native';
  /** Scenario 3 (ours): pages requested ahead of the one being consumed. Default 0. */
  readonly prefetchPages?: number;
  readonly inFlight: readonly number[];
  /** Measured seconds per measurement (after warm-up). */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Blob sizes (scenario 4). */
  readonly sizes?: readonly number[];
  /** Rows expected (scenario 3). */
  readonly rows?: number;
  /**
   * Scenario 1, how the request is written: `object` (a held PreparedStatement / the driver's
   * callback form), `prepare` (`execute(cql, params, { prepare: true })` + subscribe / callback),
   * `await` (that, awaited: `lastValueFrom(...)` / the driver's promise). Default `object`.
   */
  readonly form?: 'object' | 'prepare' | 'await';
  /** Ours: the CRC-32 of large v5 payloads (`zlib` instead of @node-rs/crc32), for an A/B. */
  readonly crc?: 'zlib';
  /** Reach the node through a proxy: the address the node reports (`from`, host:port) is connected to at `to`. */
  readonly translate?: { readonly from: string; readonly to: string };
  /** Scenario 1: `tuned` pooling (1 connection, 2048 ids, no heartbeat) or the drivers' `default`s. Default tuned. */
  readonly pooling?: 'tuned' | 'default';
}

/** The label suffix of a scenario-1 form (empty for the original held-object, tuned-pool form). */
export function formSuffix(task: Task): string {
  const form = task.form === 'prepare' ? ' prepare:true' : task.form === 'await' ? ' awaited' : '';
  return `${form}${task.pooling === 'default' ? ' default-pool' : ''}`;
}

export function readTask(): Task {
  const raw = process.env['BENCH_TASK'];
  if (!raw) throw new Error('BENCH_TASK not set (clients are started by bench/run.ts)');
  return JSON.parse(raw) as Task;
}

export interface LoadFigures {
  readonly label: string;
  readonly inFlight: number;
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  /** Requests per second. */
  readonly throughput: number;
  /** Client CPU (user + system) per request, µs. */
  readonly cpuUsPerRequest: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Optional extra figures (bytes on the wire...). */
  readonly extra?: Readonly<Record<string, number>>;
}

/** Upper bound on requests per measurement, whatever the duration. */
const MAX_REQUESTS = 20_000_000;

/**
 * Issues one request; calls `done` exactly once when it finished (err for a failure).
 * `i` is the request number (for keys).
 */
export type Issue = (i: number, done: (err?: unknown) => void) => void;

/**
 * Keeps `inFlight` requests outstanding until `seconds` have passed (or MAX_REQUESTS were
 * issued), then waits for the outstanding ones. Latency is measured around each `issue`.
 */
export function closedLoop(label: string, inFlight: number, seconds: number, issue: Issue): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const cap = Math.min(MAX_REQUESTS, Math.ceil(seconds * 2_000_000) + inFlight);
    const latencies = new Float64Array(Math.min(cap, 4_000_000));
    let issued = 0;
    let finished = 0;
    let errors = 0;
    let firstError: unknown = null;
    let active = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const cpu0 = process.cpuUsage();
    let stopped = false;
    const finish = (): void => {
      const end = performance.now();
      const cpu = process.cpuUsage(cpu0);
      const secs = (end - start) / 1000;
      const n = Math.min(finished, latencies.length);
      const sorted = latencies.subarray(0, n).slice().sort();
      const pct = (p: number): number => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.floor(p * n))] as number) * 1000);
      if (errors > 0 && errors === finished) { reject(firstError); return; }
      resolve({
        label, inFlight, requests: finished, errors, seconds: secs,
        throughput: finished / secs,
        cpuUsPerRequest: finished ? (cpu.user + cpu.system) / finished : 0,
        p50Us: pct(0.5), p99Us: pct(0.99),
      });
    };
    const next = (): void => {
      if (stopped || issued >= cap) {
        if (active === 0) finish();
        return;
      }
      const i = issued++;
      active++;
      const t0 = performance.now();
      let called = false;
      issue(i, (err) => {
        if (called) return;
        called = true;
        const t1 = performance.now();
        active--;
        if (finished < latencies.length) latencies[finished] = t1 - t0;
        finished++;
        if (err !== undefined && err !== null) {
          errors++;
          if (firstError === null) firstError = err;
          if (errors > 1000 && errors > finished / 10) stopped = true; // a failing workload stops early
          setImmediate(next); // errors may be synchronous: never recurse on them
          return;
        }
        if (!stopped && t1 >= deadline) stopped = true;
        next();
      });
    };
    for (let k = 0; k < inFlight; k++) next();
  });
}

/** Warm-up then measurement at each in-flight level. */
export async function levels(label: string, task: Task, issue: Issue): Promise<LoadFigures[]> {
  const out: LoadFigures[] = [];
  for (const n of task.inFlight) {
    await closedLoop(label, n, task.warmupSeconds, issue);
    out.push(await closedLoop(label, n, task.seconds, issue));
  }
  return out;
}

/** Samples peak RSS and heap every 5 ms and on demand (call `sample()` from hot loops). */
export class MemoryPeak {
  rss = 0;
  heapUsed = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 5);
  }
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heapUsed) this.heapUsed = m.heapUsed;
  }
  stop(): void { clearInterval(this.timer); this.sample(); }
}

/** Prints the result for the runner (one line, prefixed). */
export function report(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export function fail(e: unknown): void {
  process.stderr.write(`bench client failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
}
