/**
 * Growable big-endian writer for one frame: reserves the 9-byte header, writes the body with
 * one method per spec notation, and fills in the header (with the body length) on `finish()`.
 */
import { StatementError } from '../errors/client-errors';
import { UNSET, type Unset } from '../types/unset';
import { HEADER_LENGTH } from './frame-header';

/** A bound value, already encoded by the types layer: bytes, null, or unset (v4+). */
export type BoundValue = Buffer | null | Unset;

export class Writer {
  private buf: Buffer;
  /** Next write offset (absolute, header included). */
  pos = HEADER_LENGTH;

  /** `capacity` is the initial buffer size in bytes (header included); it doubles as needed. */
  constructor(capacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, HEADER_LENGTH + 16));
  }

  /** Number of body bytes written so far. */
  get bodyLength(): number { return this.pos - HEADER_LENGTH; }

  /** Ensures room for `n` more bytes, growing geometrically. */
  private ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < needed) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  short(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  int(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** [long]: a bigint, or a safe-integer number (written as two 32-bit halves, no BigInt). */
  long(v: bigint | number): this {
    this.ensure(8);
    if (typeof v === 'bigint') {
      this.buf.writeBigInt64BE(v, this.pos);
    } else {
      if (!Number.isSafeInteger(v)) throw new StatementError(`Not a safe integer for a [long]: ${v}`);
      const hi = Math.floor(v / 4294967296);
      this.buf.writeInt32BE(hi, this.pos);
      this.buf.writeUInt32BE(v - hi * 4294967296, this.pos + 4);
    }
    this.pos += 8;
    return this;
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** [string]: UTF-8 with a [short] length; longer than 65535 bytes is an error. */
  string(s: string): this {
    return this.utf8(s, 2);
  }

  /** [long string]: UTF-8 with an [int] length. */
  longString(s: string): this {
    return this.utf8(s, 4);
  }

  /** Writes the text after a length placeholder and back-patches it (one UTF-8 pass). */
  private utf8(s: string, lengthBytes: 2 | 4): this {
    this.ensure(lengthBytes + s.length * 3);
    const at = this.pos;
    const n = this.buf.write(s, at + lengthBytes, 'utf8');
    if (lengthBytes === 2) {
      if (n > 0xffff) throw new StatementError(`[string] too long: ${n} bytes (max 65535)`);
      this.buf.writeUInt16BE(n, at);
    } else {
      this.buf.writeInt32BE(n, at);
    }
    this.pos = at + lengthBytes + n;
    return this;
  }

  /** [bytes]: [int] length + bytes, or -1 for null. */
  bytes(b: Uint8Array | null): this {
    if (b === null) return this.int(-1);
    return this.int(b.length).raw(b);
  }

  /** [short bytes]: [short] length + bytes. */
  shortBytes(b: Uint8Array): this {
    if (b.length > 0xffff) throw new StatementError(`[short bytes] too long: ${b.length} bytes (max 65535)`);
    return this.short(b.length).raw(b);
  }

  /** [value]: bytes, -1 for null, -2 for unset. */
  value(v: BoundValue): this {
    if (v === UNSET) return this.int(-2);
    return this.bytes(v);
  }

  stringList(list: readonly string[]): this {
    this.short(list.length);
    for (const s of list) this.string(s);
    return this;
  }

  stringMap(map: ReadonlyMap<string, string>): this {
    this.short(map.size);
    for (const [k, v] of map) this.string(k).string(v);
    return this;
  }

  bytesMap(map: ReadonlyMap<string, Buffer | null>): this {
    this.short(map.size);
    for (const [k, v] of map) this.string(k).bytes(v);
    return this;
  }

  /** The body written so far (a view; valid until the next write). */
  body(): Buffer {
    return this.buf.subarray(HEADER_LENGTH, this.pos);
  }

  /**
   * Fills in the header and returns the whole frame (a view of the internal buffer; the writer
   * must not be reused afterwards).
   */
  finish(versionByte: number, flags: number, stream: number, opcode: number): Buffer {
    const b = this.buf;
    b[0] = versionByte;
    b[1] = flags;
    b.writeInt16BE(stream, 2);
    b[4] = opcode;
    b.writeInt32BE(this.pos - HEADER_LENGTH, 5);
    return b.subarray(0, this.pos);
  }
}
