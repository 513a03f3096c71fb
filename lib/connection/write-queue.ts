/**
 * Coalesced socket writes. Frames enqueued in the same tick leave in one socket write (v4: the
 * frames concatenated; v5: packed into as few segments as possible by the framing strategy).
 * Socket backpressure is honoured: after `write()` returns false nothing more is written until
 * 'drain'; frames keep queueing meanwhile.
 */

/** The part of a socket the queue needs. */
export interface WritableSink {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
  /** Optional: buffer several writes into one system call (net.Socket's writev batching). */
  cork?(): void;
  uncork?(): void;
}

/**
 * Turns the frames of one flush into the bytes to write (v4: concatenated frames; v5: segments).
 * Several chunks are written corked, so they still leave in one system call.
 */
export type FramingStrategy = (frames: readonly Buffer[], totalLength: number) => Buffer | readonly Buffer[];

export const concatFraming: FramingStrategy = (frames, totalLength) =>
  frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames as Buffer[], totalLength);

export interface WriteStats {
  /** Number of flushes: each is one socket write (or one corked batch of writes, one system call). */
  writes: number;
  /** Number of frames handed to the queue. */
  frames: number;
  bytes: number;
}

export class WriteQueue {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private blocked = false;
  private closed = false;
  readonly stats: WriteStats = { writes: 0, frames: 0, bytes: 0 };

  constructor(
    private readonly sink: WritableSink,
    private framing: FramingStrategy = concatFraming,
    /** Flush early once this many bytes are pending, to bound memory. Default 1 MiB. */
    private readonly maxPendingBytes: number = 1 << 20,
  ) {}

  /** Switch framing (e.g. to v5 segments after the handshake). Takes effect at the next flush. */
  setFraming(framing: FramingStrategy): void {
    this.framing = framing;
  }

  /** Queue one encoded frame; it is written at the end of the current tick at the latest. */
  push(frame: Buffer): void {
    if (this.closed) return;
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    this.stats.frames++;
    if (this.pendingBytes >= this.maxPendingBytes && !this.blocked) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onTick);
    }
  }

  /** Bytes waiting to be written (queued here, not yet handed to the socket). */
  get queuedBytes(): number {
    return this.pendingBytes;
  }

  /** Drop everything queued and write nothing more. */
  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private readonly onTick = (): void => {
    this.scheduled = false;
    if (!this.blocked) this.flush();
  };

  private readonly onDrain = (): void => {
    this.blocked = false;
    if (this.pending.length > 0) this.flush();
  };

  private flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const frames = this.pending;
    const total = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    let out = this.framing(frames, total);
    this.stats.writes++;
    let ok: boolean;
    if (!Buffer.isBuffer(out) && out.length === 1) out = out[0] as Buffer; // one segment: no cork
    if (Buffer.isBuffer(out)) {
      this.stats.bytes += out.length;
      ok = this.sink.write(out);
    } else {
      this.sink.cork?.();
      ok = true;
      for (const chunk of out as readonly Buffer[]) {
        this.stats.bytes += chunk.length;
        ok = this.sink.write(chunk) && ok;
      }
      this.sink.uncork?.();
    }
    if (!ok) {
      this.blocked = true;
      this.sink.once('drain', this.onDrain);
    }
  }
}
