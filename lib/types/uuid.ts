/**
 * `Uuid`: an immutable 128-bit RFC 4122 identifier (CQL `uuid`), with random (v4) generation and
 * parsing of the canonical 8-4-4-4-12 hex form.
 */
import { randomFillSync } from 'node:crypto';

const CANONICAL = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class Uuid {
  /** The 16 bytes, private to this instance (copied in, copied out). */
  protected readonly bytes: Buffer;

  /** Wrap 16 bytes (copied). Use `Uuid.fromString`, `Uuid.random` or `Uuid.fromBytes` in user code. */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 16) throw new RangeError(`A UUID has 16 bytes, got ${bytes.length}`);
    this.bytes = Buffer.from(bytes);
  }

  /** Copy 16 bytes from `buf` at `offset`. */
  static fromBytes(buf: Uint8Array, offset = 0): Uuid {
    return new Uuid(buf.subarray(offset, offset + 16));
  }

  /** Parse the canonical form (case-insensitive); throws `TypeError` on anything else. */
  static fromString(text: string): Uuid {
    return new Uuid(Uuid.parseBytes(text));
  }

  /** The 16 bytes of a canonical UUID string, or a `TypeError`. */
  static parseBytes(text: string): Buffer {
    if (!CANONICAL.test(text)) throw new TypeError(`Not a canonical UUID string: "${text.slice(0, 60)}"`);
    return Buffer.from(text.replace(/-/g, ''), 'hex');
  }

  /** True when `text` is a canonical UUID string. */
  static isValidString(text: string): boolean {
    return CANONICAL.test(text);
  }

  /** A random (version 4, RFC 4122 variant) UUID from a cryptographic source. */
  static random(): Uuid {
    const bytes = randomFillSync(Buffer.alloc(16));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    return new Uuid(bytes);
  }

  /** The version nibble (1 for time-based, 4 for random …). */
  get version(): number {
    return (this.bytes[6] ?? 0) >> 4;
  }

  /** A copy of the 16 bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** Write the 16 bytes into `out` at `offset` (no copy of this instance's state escapes). */
  writeTo(out: Buffer, offset: number): void {
    this.bytes.copy(out, offset);
  }

  /** Same 16 bytes (a `TimeUuid` equals the `Uuid` with the same bytes). */
  equals(other: unknown): boolean {
    return other instanceof Uuid && this.bytes.equals(other.bytes);
  }

  /** Lowercase canonical form, e.g. `550e8400-e29b-41d4-a716-446655440000`. */
  toString(): string {
    const hex = this.bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
