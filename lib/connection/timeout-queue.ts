/**
 * Request timeouts without a timer per request: deadlines with the same duration expire in the
 * order they were added, so each duration keeps a FIFO of the waiting objects themselves and one
 * timer for its head. Adding is a push; cancelling is the object saying it is no longer live
 * (nothing to remove); finished entries are dropped when they reach the head or in a compaction,
 * which runs once the lane holds more than twice the live entries of the last one (plus 64): the
 * cost stays constant per add and finished entries never outnumber live ones by much.
 */
import type { Clock, TimerHandle } from './clock';

/** Something with a deadline; `expired()` is called once if it is still live when the deadline passes. */
export interface Expirable {
  readonly deadline: number;
  readonly live: boolean;
  expired(): void;
  /** Ends it now with this error (cluster shutdown). */
  abort?(error: Error): void;
}

class Lane {
  /** Entries from `head` on; those before `head` are cleared (null) so the lane keeps nothing alive. */
  items: (Expirable | null)[] = [];
  head = 0;
  timer: TimerHandle | null = null;
  /** Live entries found by the last compaction: the next one runs at twice that plus 64. */
  liveAtCompaction = 0;
}

export class TimeoutQueue {
  private readonly lanes = new Map<number, Lane>();

  constructor(private readonly clock: Clock) {}

  /** Schedules `item.expired()` at `item.deadline`, which must be `now + durationMs`. */
  add(item: Expirable, durationMs: number): void {
    let lane = this.lanes.get(durationMs);
    if (!lane) this.lanes.set(durationMs, (lane = new Lane()));
    // Executions mostly finish in the order they started: drop the finished prefix now, so the lane
    // keeps finished entries only behind an older live one (fewer objects for the GC to keep and
    // copy while many requests are in flight).
    this.dropFinishedHead(lane);
    lane.items.push(item);
    if (lane.timer === null) this.arm(lane, durationMs);
    else if (lane.items.length - lane.head > 2 * lane.liveAtCompaction + 64) this.compact(lane);
  }

  /** Entries held (live or finished but not yet dropped), for tests and metrics. */
  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.items.length - lane.head;
    return n;
  }

  /** Ends every live entry with `error` (cluster shutdown), then clears. */
  abortAll(error: Error): void {
    const live: Expirable[] = [];
    for (const lane of this.lanes.values()) {
      for (let i = lane.head; i < lane.items.length; i++) {
        const item = lane.items[i] as Expirable;
        if (item.live) live.push(item);
      }
    }
    this.clear();
    for (const item of live) item.abort?.(error);
  }

  /** Cancels every timer (cluster shutdown). */
  clear(): void {
    for (const lane of this.lanes.values()) lane.timer?.cancel();
    this.lanes.clear();
  }

  private arm(lane: Lane, durationMs: number): void {
    const first = this.firstLive(lane);
    if (!first) {
      lane.items = [];
      lane.head = 0;
      lane.timer = null;
      return;
    }
    const delay = Math.max(0, first.deadline - this.clock.now());
    lane.timer = this.clock.setTimeout(() => this.fire(lane, durationMs), delay);
  }

  private fire(lane: Lane, durationMs: number): void {
    lane.timer = null;
    const now = this.clock.now();
    while (lane.head < lane.items.length) {
      const item = lane.items[lane.head] as Expirable;
      if (item.live && item.deadline > now) break;
      lane.items[lane.head++] = null;
      if (item.live) item.expired();
    }
    this.arm(lane, durationMs);
  }

  /** Skips finished entries at the head; returns the first live one. */
  private firstLive(lane: Lane): Expirable | undefined {
    this.dropFinishedHead(lane);
    return lane.head < lane.items.length ? (lane.items[lane.head] as Expirable) : undefined;
  }

  /** Clears the finished entries at the head; the array is cut once most of it is cleared. */
  private dropFinishedHead(lane: Lane): void {
    const items = lane.items;
    let h = lane.head;
    while (h < items.length && !(items[h] as Expirable).live) items[h++] = null;
    if (h > 1024 && h * 2 > items.length) {
      lane.items = items.slice(h);
      h = 0;
    }
    lane.head = h;
  }

  /** Drops finished entries so the lane holds about the live ones only. */
  private compact(lane: Lane): void {
    const live: Expirable[] = [];
    for (let i = lane.head; i < lane.items.length; i++) {
      const item = lane.items[i] as Expirable;
      if (item.live) live.push(item);
    }
    lane.items = live;
    lane.head = 0;
    lane.liveAtCompaction = live.length;
  }
}
