/**
 * Stream ids of one connection: acquired and released in constant time, and orphaned when their
 * request timed out or was cancelled. An orphaned id is not reused until its late response arrives
 * (`release`), so a late response can never be routed to a newer request.
 */

const FREE = 0;
const IN_USE = 1;
const ORPHANED = 2;

/** The most stream ids a connection may use: the protocol's stream field is a signed 16-bit int (v3+). */
export const MAX_STREAM_IDS = 32_768;

export class StreamIdPool {
  /** Stack of free ids; `top` entries are valid. */
  private readonly free: Uint16Array;
  private top: number;
  private readonly state: Uint8Array;
  private orphans = 0;

  /** @param size number of ids, 1..32768 (ids 0..size-1). */
  constructor(readonly size: number = MAX_STREAM_IDS) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_STREAM_IDS) {
      throw new RangeError(`stream id pool size must be an integer in 1..${MAX_STREAM_IDS}, got ${size}`);
    }
    this.free = new Uint16Array(size);
    this.state = new Uint8Array(size);
    // Lowest ids on top of the stack: a quiet connection keeps reusing small ids.
    for (let i = 0; i < size; i++) this.free[i] = size - 1 - i;
    this.top = size;
  }

  /** A free id, or -1 when every id is in use or orphaned. */
  acquire(): number {
    if (this.top === 0) return -1;
    const id = this.free[--this.top] as number;
    this.state[id] = IN_USE;
    return id;
  }

  /**
   * A response arrived for `id` (or its request ended before being written): the id is free again.
   * Returns what the id was: 'in-use', 'orphaned' (a late response, now freed) or 'unknown'
   * (no request holds it: a protocol violation by the server).
   */
  release(id: number): 'in-use' | 'orphaned' | 'unknown' {
    const s = id >= 0 && id < this.size ? this.state[id] : FREE;
    if (s === FREE) return 'unknown';
    this.state[id] = FREE;
    this.free[this.top++] = id;
    if (s === ORPHANED) {
      this.orphans--;
      return 'orphaned';
    }
    return 'in-use';
  }

  /** The request holding `id` gave up (timeout, cancellation): keep the id out of use until its response. */
  orphan(id: number): void {
    if (this.state[id] !== IN_USE) return;
    this.state[id] = ORPHANED;
    this.orphans++;
  }

  isOrphaned(id: number): boolean {
    return this.state[id] === ORPHANED;
  }

  get orphanedCount(): number {
    return this.orphans;
  }

  get available(): number {
    return this.top;
  }

  /** Ids held by live requests (not orphans). */
  get inFlight(): number {
    return this.size - this.top - this.orphans;
  }
}
