/**
 * Client-side write timestamps in microseconds since the epoch (the protocol's default timestamp).
 * Monotonic per generator: two calls never return the same value, even within one millisecond or
 * when the wall clock steps back; a drift warning is raised (rate-limited) when it lags behind.
 */

export interface TimestampGenerator {
  /** Next timestamp in microseconds, or null to let the server assign one. */
  next(): bigint | null;
}

export interface MonotonicTimestampOptions {
  /** Warn when generated timestamps run ahead of the clock by more than this (ms). Default 1000. */
  driftWarningThresholdMs?: number;
  /** At most one drift warning per this interval (ms). Default 1000. */
  driftWarningIntervalMs?: number;
  /** Receives drift warnings. Default: none. */
  onDriftWarning?: (aheadMs: number) => void;
  /** Wall clock in ms. Default Date.now. */
  now?: () => number;
}

export class MonotonicTimestampGenerator implements TimestampGenerator {
  private last = 0n;
  private lastWarning = -Infinity;
  private readonly now: () => number;
  private readonly threshold: number;
  private readonly interval: number;
  private readonly onDrift: ((aheadMs: number) => void) | undefined;
  /** Microseconds inside the current millisecond, from the high-resolution clock (only with the real clock: injected clocks stay exact). */
  private readonly hr = (): bigint => (process.hrtime.bigint() / 1000n) % 1000n;

  constructor(options: MonotonicTimestampOptions = {}) {
    this.now = options.now ?? Date.now;
    this.threshold = options.driftWarningThresholdMs ?? 1000;
    this.interval = options.driftWarningIntervalMs ?? 1000;
    this.onDrift = options.onDriftWarning;
  }

  next(): bigint {
    const nowMs = this.now();
    const wall = BigInt(nowMs) * 1000n + (this.now === Date.now ? this.hr() : 0n);
    const candidate = wall > this.last ? wall : this.last + 1n;
    this.last = candidate;
    if (candidate > wall) {
      const aheadMs = Number(candidate - wall) / 1000;
      if (aheadMs > this.threshold && nowMs - this.lastWarning >= this.interval) {
        this.lastWarning = nowMs;
        this.onDrift?.(aheadMs);
      }
    }
    return candidate;
  }
}
