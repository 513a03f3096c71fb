/**
 * Client-side write timestamps in microseconds since the epoch (the protocol's default timestamp).
 * Monotonic per generator: two calls never return the same value, even within one millisecond or
 * when the wall clock steps back; a drift warning is raised (rate-limited) when it lags behind.
 */

/**
 * Microseconds since the epoch: a bigint, or a number that is a safe integer (every timestamp up
 * to the year 2255 is one; numbers avoid BigInt arithmetic on the hot path).
 */
export type MicrosTimestamp = bigint | number;

export interface TimestampGenerator {
  /** Next timestamp in microseconds, or null to let the server assign one. */
  next(): MicrosTimestamp | null;
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
  private last = 0;
  private lastWarning = -Infinity;
  private readonly now: () => number;
  private readonly threshold: number;
  private readonly interval: number;
  private readonly onDrift: ((aheadMs: number) => void) | undefined;
  /** Whether to add microseconds inside the millisecond (only with the real clock: injected clocks stay exact). */
  private readonly subMs: boolean;

  constructor(options: MonotonicTimestampOptions = {}) {
    this.now = options.now ?? Date.now;
    this.threshold = options.driftWarningThresholdMs ?? 1000;
    this.interval = options.driftWarningIntervalMs ?? 1000;
    this.onDrift = options.onDriftWarning;
    this.subMs = this.now === Date.now;
  }

  /** A safe-integer number of microseconds (no BigInt work per request). */
  next(): number {
    const nowMs = this.now();
    // Sub-millisecond part from the monotonic high-resolution clock: keeps consecutive calls apart
    // (it is not aligned with the wall clock's millisecond; monotonicity does not depend on it).
    const wall = nowMs * 1000 + (this.subMs ? Math.floor(performance.now() * 1000) % 1000 : 0);
    const candidate = wall > this.last ? wall : this.last + 1;
    this.last = candidate;
    if (candidate > wall) {
      const aheadMs = (candidate - wall) / 1000;
      if (aheadMs > this.threshold && nowMs - this.lastWarning >= this.interval) {
        this.lastWarning = nowMs;
        this.onDrift?.(aheadMs);
      }
    }
    return candidate;
  }
}
