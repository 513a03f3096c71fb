/**
 * `TimeUuid`: a version 1 UUID (CQL `timeuuid`): a 60-bit count of 100 ns intervals since
 * 1582-10-15, a 14-bit clock sequence and a 48-bit node. Generation is monotonic per process: within
 * one millisecond the 100 ns counter advances, so UUIDs made in a row sort in creation order.
 */
import { randomFillSync } from 'node:crypto';
import { Uuid } from './uuid';

/** 100 ns intervals between 1582-10-15T00:00Z (the Gregorian reform) and the Unix epoch. */
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;
const TICKS_PER_MS = 10_000;

/** Per-process generator state: a random node (multicast bit set, RFC 4122 §4.5) and clock sequence. */
const processNode: Buffer = (() => {
  const node = randomFillSync(Buffer.alloc(6));
  node[0] = (node[0] ?? 0) | 0x01;
  return node;
})();
const processClockSeq: number = randomFillSync(Buffer.alloc(2)).readUInt16BE(0) & 0x3fff;
let lastMs = -Infinity;
let lastTicks = 0;

/** Next (ms, ticks) pair, strictly increasing within this process even if the clock stalls or steps back. */
function nextTick(nowMs: number): { ms: number; ticks: number } {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    lastTicks = 0;
  } else if (++lastTicks >= TICKS_PER_MS) {
    lastMs += 1;
    lastTicks = 0;
  }
  return { ms: lastMs, ticks: lastTicks };
}

export class TimeUuid extends Uuid {
  constructor(bytes: Uint8Array) {
    super(bytes);
    if (this.version !== 1) throw new RangeError(`A timeuuid is a version 1 UUID, got version ${this.version}`);
  }

  static override fromBytes(buf: Uint8Array, offset = 0): TimeUuid {
    return new TimeUuid(buf.subarray(offset, offset + 16));
  }

  /** Parse a canonical version 1 UUID string; throws `TypeError`/`RangeError` otherwise. */
  static override fromString(text: string): TimeUuid {
    return new TimeUuid(Uuid.parseBytes(text));
  }

  /** A new, process-monotonic timeuuid for the current time. */
  static now(): TimeUuid {
    const { ms, ticks } = nextTick(Date.now());
    return TimeUuid.fromTime(ms, ticks);
  }

  /**
   * A timeuuid for `date` (a Date or epoch milliseconds) with `ticks` extra 100 ns units (0..9999).
   * `node` (6 bytes) and `clockSeq` (0..16383) default to this process's random values.
   */
  static fromTime(date: Date | number, ticks = 0, node: Uint8Array = processNode, clockSeq = processClockSeq): TimeUuid {
    const ms = typeof date === 'number' ? date : date.getTime();
    if (!Number.isInteger(ms)) throw new RangeError(`Invalid time for a timeuuid: ${String(date)}`);
    if (!Number.isInteger(ticks) || ticks < 0 || ticks >= TICKS_PER_MS) throw new RangeError(`ticks must be 0..9999, got ${ticks}`);
    if (node.length !== 6) throw new RangeError(`node must have 6 bytes, got ${node.length}`);
    if (!Number.isInteger(clockSeq) || clockSeq < 0 || clockSeq > 0x3fff) throw new RangeError(`clockSeq must be 0..16383`);
    const timestamp = BigInt(ms) * BigInt(TICKS_PER_MS) + BigInt(ticks) + GREGORIAN_OFFSET;
    if (timestamp < 0n || timestamp >= 1n << 60n) throw new RangeError(`Time out of the timeuuid range: ${ms} ms`);
    return new TimeUuid(layout(timestamp, clockSeq, node));
  }

  /**
   * The smallest timeuuid of the millisecond `date`, as Cassandra's `minTimeuuid()`: clock sequence
   * and node bytes all 0x80 (Cassandra compares those 8 bytes as signed).
   */
  static min(date: Date | number): TimeUuid {
    return withLowBytes(TimeUuid.fromTime(date, 0), 0x80);
  }

  /** The largest timeuuid of the millisecond `date`, as `maxTimeuuid()`: low bytes all 0x7f. */
  static max(date: Date | number): TimeUuid {
    return withLowBytes(TimeUuid.fromTime(date, TICKS_PER_MS - 1), 0x7f);
  }

  /** The 60-bit timestamp: 100 ns intervals since 1582-10-15T00:00Z. */
  get timestamp(): bigint {
    const timeLow = BigInt(this.bytes.readUInt32BE(0));
    const timeMid = BigInt(this.bytes.readUInt16BE(4));
    const timeHigh = BigInt(this.bytes.readUInt16BE(6) & 0x0fff);
    return (timeHigh << 48n) | (timeMid << 32n) | timeLow;
  }

  /** Milliseconds since the Unix epoch (floor). */
  getTime(): number {
    const ticks = this.timestamp - GREGORIAN_OFFSET;
    const ms = ticks / BigInt(TICKS_PER_MS);
    return Number(ticks < 0n && ms * BigInt(TICKS_PER_MS) !== ticks ? ms - 1n : ms);
  }

  /** The 100 ns units beyond `getTime()` (0..9999). */
  getTicks(): number {
    const ticks = this.timestamp - GREGORIAN_OFFSET;
    return Number(((ticks % 10_000n) + 10_000n) % 10_000n);
  }

  /** The creation time, millisecond precision. */
  getDate(): Date {
    return new Date(this.getTime());
  }

  /** The 14-bit clock sequence. */
  get clockSequence(): number {
    return this.bytes.readUInt16BE(8) & 0x3fff;
  }

  /** A copy of the 6-byte node. */
  get node(): Buffer {
    return Buffer.from(this.bytes.subarray(10, 16));
  }
}

function layout(timestamp: bigint, clockSeq: number, node: Uint8Array): Buffer {
  const out = Buffer.alloc(16);
  out.writeUInt32BE(Number(timestamp & 0xffffffffn), 0);
  out.writeUInt16BE(Number((timestamp >> 32n) & 0xffffn), 4);
  out.writeUInt16BE(Number((timestamp >> 48n) & 0x0fffn) | 0x1000, 6);
  out.writeUInt16BE((clockSeq & 0x3fff) | 0x8000, 8);
  out.set(node, 10);
  return out;
}

function withLowBytes(uuid: TimeUuid, fill: number): TimeUuid {
  const bytes = uuid.toBuffer();
  bytes.fill(fill, 8, 16);
  return new TimeUuid(bytes);
}
