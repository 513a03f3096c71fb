/**
 * Collapses a burst of triggers into one run: the first trigger arms a window; triggers inside it
 * join; when it closes the action runs once with everything collected. A trigger arriving while
 * the action runs arms a new window afterwards. A run that fails is retried with its items (and
 * whatever joined meanwhile) after a backoff, a bounded number of times; every failure is
 * reported, none is swallowed.
 */
import type { Clock, TimerHandle } from '../connection/clock';

export interface DebounceRetry {
  /** Runs per batch of items, the first included (1: no retry). */
  readonly maxAttempts: number;
  /** Delay before the next run after `attempt` (1-based) failed, ms. */
  delayMs(attempt: number): number;
  /**
   * Every failed run: the error, the attempt that failed (1-based), and the delay before the next
   * one, or null when the items are given up (attempts exhausted).
   */
  onFailure(error: unknown, attempt: number, retryInMs: number | null): void;
}

export class Debouncer<T> {
  private pending: T[] = [];
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Consecutive failed runs of the current batch. */
  private failures = 0;
  /** Number of times the action ran (retries included). */
  runs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly action: (items: T[]) => Promise<void>,
    private readonly retry: DebounceRetry,
  ) {}

  trigger(item: T): void {
    if (this.stopped) return;
    this.pending.push(item);
    if (!this.timer && !this.running) this.arm(this.windowMs);
  }

  /** Resolves when nothing is pending or running (retries waiting for their backoff included). */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.pending = [];
  }

  private arm(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.run();
    }, delayMs);
  }

  private run(): void {
    const items = this.pending;
    this.pending = [];
    this.runs++;
    let started: Promise<void>;
    try {
      started = this.action(items); // at once: the run begins when the window closes
    } catch (e) {
      started = Promise.reject(e);
    }
    this.running = started
      .then(() => {
        this.failures = 0;
        return this.windowMs;
      }, (e: unknown) => this.failed(items, e))
      .catch(() => this.windowMs) // a throwing onFailure must not wedge the debouncer
      .then((nextDelay) => {
        this.running = null;
        if (this.pending.length > 0 && !this.stopped) this.arm(nextDelay);
      });
  }

  /** Puts the items back for a retry (or gives them up); returns the delay before the next run. */
  private failed(items: T[], error: unknown): number {
    if (this.stopped) return this.windowMs;
    const attempt = ++this.failures;
    const retry = this.retry;
    if (attempt >= retry.maxAttempts) {
      this.failures = 0;
      retry.onFailure(error, attempt, null);
      return this.windowMs;
    }
    const delay = retry.delayMs(attempt);
    this.pending = [...items, ...this.pending];
    retry.onFailure(error, attempt, delay);
    return delay;
  }
}
