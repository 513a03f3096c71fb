/**
 * Reconnection policies: how long to wait before each attempt to reopen a host's connections or
 * the control connection. A schedule is made per outage; the policy is pluggable.
 */

/** The delays of one outage, in ms; a fresh schedule starts at the base delay again. */
export interface ReconnectionSchedule {
  nextDelayMs(): number;
}

export interface ReconnectionPolicy {
  newSchedule(): ReconnectionSchedule;
}

/** Source of randomness in [0, 1); injectable for tests. */
export type RandomSource = () => number;

export interface ExponentialReconnectionOptions {
  /** First delay in ms. Default 1000. */
  baseDelayMs?: number;
  /** Largest delay in ms. Default 600000 (10 minutes). */
  maxDelayMs?: number;
  /** Jitter as a fraction of the delay, applied ±: 0.15 means 85%–115%. Default 0.15. */
  jitter?: number;
}

/** Doubles the delay after each failed attempt up to a maximum, with random jitter so hosts don't reconnect in lockstep. */
export class ExponentialReconnectionPolicy implements ReconnectionPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: number;

  constructor(options: ExponentialReconnectionOptions = {}, private readonly random: RandomSource = Math.random) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 600_000;
    this.jitter = options.jitter ?? 0.15;
    if (!(this.baseDelayMs > 0)) throw new RangeError(`baseDelayMs must be > 0, got ${this.baseDelayMs}`);
    if (!(this.maxDelayMs >= this.baseDelayMs)) {
      throw new RangeError(`maxDelayMs (${this.maxDelayMs}) must be >= baseDelayMs (${this.baseDelayMs})`);
    }
    if (!(this.jitter >= 0 && this.jitter < 1)) throw new RangeError(`jitter must be in [0, 1), got ${this.jitter}`);
  }

  newSchedule(): ReconnectionSchedule {
    let attempt = 0;
    return {
      nextDelayMs: (): number => {
        const raw = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempt, 52));
        attempt++;
        const factor = 1 + this.jitter * (2 * this.random() - 1);
        return Math.max(1, Math.min(this.maxDelayMs, Math.round(raw * factor)));
      },
    };
  }
}

/** The same delay before every attempt. */
export class ConstantReconnectionPolicy implements ReconnectionPolicy {
  constructor(readonly delayMs: number) {
    if (!(delayMs >= 0)) throw new RangeError(`delayMs must be >= 0, got ${delayMs}`);
  }

  newSchedule(): ReconnectionSchedule {
    return { nextDelayMs: () => this.delayMs };
  }
}
