/**
 * Variable-length integers of the native protocol (section 3, `[unsigned vint]` and `[vint]`):
 * the count of leading 1 bits of the first byte is the number of extra bytes; 9 bytes (first byte
 * 0xff) carry a full 64-bit value. Signed vints are zig-zag encoded first.
 */
import { ProtocolError } from '../errors/codec-errors';

const MAX_U64 = (1n << 64n) - 1n;

/** Bytes needed for an unsigned 64-bit value: 7 bits per byte up to 8 bytes, then 9. */
export function unsignedVintSize(value: bigint): number {
  for (let size = 1; size <= 8; size++) {
    if (value < 1n << BigInt(7 * size)) return size;
  }
  return 9;
}

/** Write `value` (0 ≤ value < 2^64) as an unsigned vint into `out` at `pos`; returns the new position. */
export function writeUnsignedVint(value: bigint, out: Buffer, pos: number): number {
  if (value < 0n || value > MAX_U64) throw new RangeError(`unsigned vint out of range: ${value}`);
  const size = unsignedVintSize(value);
  if (size === 9) {
    out[pos] = 0xff;
    out.writeBigUInt64BE(value, pos + 1);
    return pos + 9;
  }
  let v = value;
  for (let i = size - 1; i >= 0; i--) {
    out[pos + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  const extra = size - 1;
  out[pos] = (out[pos] ?? 0) | (~(0xff >> extra) & 0xff);
  return pos + size;
}

/** Encode one unsigned vint into a fresh buffer. */
export function encodeUnsignedVint(value: bigint): Buffer {
  const out = Buffer.alloc(unsignedVintSize(value));
  writeUnsignedVint(value, out, 0);
  return out;
}

/** Result of reading a vint: the value and the position after it. */
export interface VintRead {
  readonly value: bigint;
  readonly next: number;
}

/** Read an unsigned vint from `buf[pos, end)`; a truncated vint raises `ProtocolError`. */
export function readUnsignedVint(buf: Buffer, pos: number, end: number): VintRead {
  if (pos >= end) throw new ProtocolError('Truncated vint: no bytes left');
  const first = buf[pos] ?? 0;
  const extra = Math.min(8, Math.clz32(~first << 24));
  if (pos + 1 + extra > end) throw new ProtocolError(`Truncated vint: needs ${extra + 1} bytes, ${end - pos} left`);
  if (extra === 0) return { value: BigInt(first), next: pos + 1 };
  if (extra === 8) return { value: buf.readBigUInt64BE(pos + 1), next: pos + 9 };
  let value = BigInt(first & (0xff >> extra));
  for (let i = 1; i <= extra; i++) value = (value << 8n) | BigInt(buf[pos + i] ?? 0);
  return { value, next: pos + 1 + extra };
}

/** Zig-zag encode a signed 64-bit value: 0 → 0, -1 → 1, 1 → 2, -2 → 3 … */
export function zigzagEncode(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

/** Undo `zigzagEncode`: the signed 64-bit value. */
export function zigzagDecode(value: bigint): bigint {
  return BigInt.asIntN(64, (value >> 1n) ^ -(value & 1n));
}

/** Write a signed vint; returns the new position. */
export function writeVint(value: bigint, out: Buffer, pos: number): number {
  return writeUnsignedVint(zigzagEncode(value), out, pos);
}

/** Read a signed vint. */
export function readVint(buf: Buffer, pos: number, end: number): VintRead {
  const read = readUnsignedVint(buf, pos, end);
  return { value: zigzagDecode(read.value), next: read.next };
}
