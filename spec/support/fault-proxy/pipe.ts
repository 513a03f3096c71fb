/**
 * One direction of a proxied connection (client → server or server → client): chunks read from
 * `from` are written to `to` after the faults of the moment are applied. Latency and jitter delay
 * each chunk (order is kept: a chunk never overtakes an earlier one); a bandwidth limit spaces
 * chunks by their size; a black hole drops them while the sockets stay open (the far side sees a
 * silent peer, not a closed one); a cut forwards part of the next chunk and then resets both ends.
 * Timers run on a `Clock` so specs can drive time by hand.
 */
import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../../../lib/connection/clock';

/** The faults one direction applies now (read for every chunk, so changes take effect at once). */
export interface PipeFaults {
  /** Fixed delay per chunk, ms. */
  readonly latencyMs: number;
  /** Extra random delay per chunk, uniform in [0, jitterMs), ms. */
  readonly jitterMs: number;
  /** Bandwidth limit, bytes per second; 0 means unlimited. */
  readonly bytesPerSecond: number;
  /** Drop every chunk (the connection stays open). */
  readonly blackhole: boolean;
}

/** A cut armed on a direction: forward `keep(chunkLength)` bytes of the next chunk, then reset. */
export interface PipeCut {
  readonly keep: (length: number) => number;
  readonly done: (kept: number, of: number) => void;
}

export interface PipeCounters {
  forwarded: number;
  dropped: number;
}

/** Queued bytes above which the reading side is paused (delayed or throttled data piles up). */
const HIGH_WATER = 1 << 20;

/** Real-time pause between the partial write of a cut and the reset (see `deliver`). */
const CUT_RESET_DELAY_MS = 5;

interface Pending {
  readonly chunk: Buffer;
  readonly at: number;
}

export class Pipe {
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  private timer: TimerHandle | null = null;
  /** When the throttle lets the next byte start (clock ms). */
  private wireFreeAt = 0;
  /** Delivery time of the last queued chunk (nothing may overtake it). */
  private lastAt = 0;
  private cut: PipeCut | null = null;
  private closed = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly faults: () => PipeFaults,
    private readonly clock: Clock,
    private readonly random: () => number,
    readonly counters: PipeCounters,
    private readonly onCut: () => void,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    to.on('drain', () => this.maybeResume());
  }

  /** Arms a cut on this direction's next chunk. */
  armCut(cut: PipeCut): void {
    this.cut = cut;
  }

  /** Removes `cut` if it is still armed here (it fired on another connection). */
  disarmCut(cut: PipeCut): void {
    if (this.cut === cut) this.cut = null;
  }

  get hasCutArmed(): boolean {
    return this.cut !== null;
  }

  /** Stops delivering (the connection is going away). */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private push(chunk: Buffer): void {
    if (this.closed) return;
    const f = this.faults();
    if (f.blackhole) {
      this.counters.dropped += chunk.length;
      return;
    }
    const now = this.clock.now();
    if (f.latencyMs <= 0 && f.jitterMs <= 0 && f.bytesPerSecond <= 0 && this.queue.length === 0) {
      this.deliver(chunk);
      return;
    }
    let at = now;
    if (f.bytesPerSecond > 0) {
      const start = Math.max(this.wireFreeAt, now);
      this.wireFreeAt = start + (chunk.length * 1000) / f.bytesPerSecond;
      at = this.wireFreeAt;
    }
    at += Math.max(0, f.latencyMs) + Math.floor(this.random() * Math.max(0, f.jitterMs));
    at = Math.max(at, this.lastAt);
    this.lastAt = at;
    this.queue.push({ chunk, at });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > HIGH_WATER) this.from.pause();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    const head = this.queue[0];
    if (!head) return;
    this.timer = this.clock.setTimeout(this.flushDue, Math.max(0, Math.ceil(head.at - this.clock.now())));
  }

  private readonly flushDue = (): void => {
    this.timer = null;
    const now = this.clock.now();
    while (!this.closed) {
      const head = this.queue[0];
      if (!head || head.at > now) break;
      this.queue.shift();
      this.queuedBytes -= head.chunk.length;
      this.deliver(head.chunk);
    }
    this.maybeResume();
    this.schedule();
  };

  private deliver(chunk: Buffer): void {
    if (this.closed || this.to.destroyed) return;
    const cut = this.cut;
    if (cut) {
      this.cut = null;
      const kept = Math.max(0, Math.min(chunk.length, cut.keep(chunk.length)));
      this.counters.forwarded += kept;
      // The reset waits a moment after the write: a reset in the same turn as the write's
      // completion reached the peer as a FIN on Node 20 (seen on loopback), not as a reset.
      this.to.write(chunk.subarray(0, kept), () => setTimeout(this.onCut, CUT_RESET_DELAY_MS));
      cut.done(kept, chunk.length);
      return;
    }
    this.counters.forwarded += chunk.length;
    if (!this.to.write(chunk)) this.from.pause();
  }

  private maybeResume(): void {
    if (!this.closed && this.queuedBytes <= HIGH_WATER && !this.to.writableNeedDrain) this.from.resume();
  }
}
