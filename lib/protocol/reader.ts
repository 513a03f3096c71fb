/**
 * Bounds-checked reader over a window of a Buffer, one method per notation of the native
 * protocol spec (section 3). Every overrun or invalid length raises `ProtocolError`.
 * Methods return views (`subarray`) into the frame; callers copy what outlives the frame.
 */
import { ProtocolError } from '../errors/codec-errors';
import { InetAddress } from '../types/inet-address';
import { UNSET, type Unset } from '../types/unset';

/** An [inet]: address (dotted IPv4 or IPv6 text) and port. */
export interface Inet { readonly address: string; readonly port: number }

export class Reader {
  /** Current absolute offset in `buf`. */
  pos: number;

  constructor(readonly buf: Buffer, start = 0, readonly end: number = buf.length) {
    if (start < 0 || end > buf.length || start > end) throw new ProtocolError('Reader window out of range');
    this.pos = start;
  }

  get remaining(): number { return this.end - this.pos; }

  /** Throws unless `n` more bytes are available; returns the current offset. */
  need(n: number, what: string): number {
    if (n < 0) throw new ProtocolError(`Negative length ${n} for ${what}`);
    if (this.end - this.pos < n) {
      throw new ProtocolError(`Truncated ${what}: need ${n} byte(s), ${this.end - this.pos} left`);
    }
    return this.pos;
  }

  /** [byte]: 1 unsigned byte. */
  byte(): number {
    const p = this.need(1, '[byte]');
    this.pos = p + 1;
    return this.buf[p] as number;
  }

  /** [short]: 2-byte unsigned integer. */
  short(): number {
    const p = this.need(2, '[short]');
    this.pos = p + 2;
    return this.buf.readUInt16BE(p);
  }

  /** [int]: 4-byte signed integer. */
  int(): number {
    const p = this.need(4, '[int]');
    this.pos = p + 4;
    return this.buf.readInt32BE(p);
  }

  /** [long]: 8-byte signed integer. */
  long(): bigint {
    const p = this.need(8, '[long]');
    this.pos = p + 8;
    return this.buf.readBigInt64BE(p);
  }

  /** Raw view of `n` bytes. */
  raw(n: number, what = 'bytes'): Buffer {
    const p = this.need(n, what);
    this.pos = p + n;
    return this.buf.subarray(p, p + n);
  }

  /** [string]: [short] n + n bytes of UTF-8. */
  string(): string {
    const n = this.short();
    const p = this.need(n, '[string]');
    this.pos = p + n;
    return this.buf.toString('utf8', p, p + n);
  }

  /** [long string]: [int] n + n bytes of UTF-8. */
  longString(): string {
    const n = this.int();
    const p = this.need(n, '[long string]');
    this.pos = p + n;
    return this.buf.toString('utf8', p, p + n);
  }

  /** [bytes]: [int] n + n bytes; n < 0 is null. A view. */
  bytes(): Buffer | null {
    const n = this.int();
    if (n < 0) return null;
    return this.raw(n, '[bytes]');
  }

  /** [short bytes]: [short] n + n bytes. A view. */
  shortBytes(): Buffer {
    return this.raw(this.short(), '[short bytes]');
  }

  /** [value]: [int] n + n bytes; -1 is null, -2 is unset, below -2 is invalid. A view. */
  value(): Buffer | null | Unset {
    const n = this.int();
    if (n === -1) return null;
    if (n === -2) return UNSET;
    return this.raw(n, '[value]');
  }

  /** [uuid]: 16 bytes, copied (ids such as tracing ids outlive the frame). */
  uuid(): Buffer {
    return Buffer.from(this.raw(16, '[uuid]'));
  }

  /** [string list]: [short] n + n [string]. */
  stringList(): string[] {
    const n = this.short();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.string());
    return out;
  }

  /** [string map]: [short] n + n pairs of [string]. */
  stringMap(): Map<string, string> {
    const n = this.short();
    const out = new Map<string, string>();
    for (let i = 0; i < n; i++) out.set(this.string(), this.string());
    return out;
  }

  /** [string multimap]: [short] n + n pairs of [string] and [string list]. */
  stringMultimap(): Map<string, string[]> {
    const n = this.short();
    const out = new Map<string, string[]>();
    for (let i = 0; i < n; i++) out.set(this.string(), this.stringList());
    return out;
  }

  /** [bytes map]: [short] n + n pairs of [string] and [bytes]; values are copied (they outlive the frame). */
  bytesMap(): Map<string, Buffer | null> {
    const n = this.short();
    const out = new Map<string, Buffer | null>();
    for (let i = 0; i < n; i++) {
      const key = this.string();
      const v = this.bytes();
      out.set(key, v === null ? null : Buffer.from(v));
    }
    return out;
  }

  /** [inetaddr]: [byte] n (4 or 16) + n address bytes, as text. */
  inetAddr(): string {
    const n = this.byte();
    if (n !== 4 && n !== 16) throw new ProtocolError(`Invalid [inetaddr] size ${n}`);
    return formatAddress(this.raw(n, '[inetaddr]'));
  }

  /** [inet]: [inetaddr] + [int] port. */
  inet(): Inet {
    const address = this.inetAddr();
    return { address, port: this.int() };
  }

  /** [consistency]: a [short] code (see `Consistency`); unknown codes are passed through. */
  consistency(): number {
    return this.short();
  }

  /** The id of an [option]; its value is read by the caller (see type-parser.ts). */
  option(): number {
    return this.short();
  }
}

/** Text form of a 4- or 16-byte address (as `InetAddress` writes it: IPv6 zero runs compressed). */
export function formatAddress(b: Buffer): string {
  return new InetAddress(b).toString();
}
