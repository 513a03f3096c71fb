/** A manual clock for timer-driven tests: time moves only when `advance` is called. */
import type { Clock, TimerHandle } from '../../lib/connection/clock';

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private entries: Entry[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry: Entry = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.entries.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Number of timers still armed. */
  get pending(): number {
    return this.entries.filter((e) => !e.cancelled).length;
  }

  /** Move time forward by `ms`, firing due timers in order (including ones they arm). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.entries = this.entries.filter((e) => !e.cancelled);
      this.entries.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.entries[0];
      if (!next || next.at > end) break;
      this.entries.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
}
