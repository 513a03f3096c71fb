/**
 * Collapses a burst of triggers into one run: the first trigger arms a window; triggers inside it
 * join; when it closes the action runs once with everything collected. A trigger arriving while
 * the action runs arms a new window afterwards.
 */
import type { Clock, TimerHandle } from '../connection/clock';

export class Debouncer<T> {
  private pending: T[] = [];
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Number of times the action ran. */
  runs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly action: (items: T[]) => Promise<void>,
  ) {}

  trigger(item: T): void {
    if (this.stopped) return;
    this.pending.push(item);
    if (!this.timer && !this.running) this.arm();
  }

  /** Resolves when nothing is pending or running. */
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

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      const items = this.pending;
      this.pending = [];
      this.runs++;
      this.running = this.action(items)
        .catch(() => undefined)
        .finally(() => {
          this.running = null;
          if (this.pending.length > 0 && !this.stopped) this.arm();
        });
    }, this.windowMs);
  }
}
