/**
 * `varint` bytes (spec section 6.24): the minimal big-endian two's complement encoding of an
 * arbitrary-size integer. Positive values whose top byte is ≥ 0x80 get a leading 0x00.
 */

/** Minimal two's complement bytes of `value` (0 → 00, 128 → 0080, -1 → ff, -129 → ff7f). */
export function bigintToVarint(value: bigint): Buffer {
  // Bits needed, sign bit included: for n ≥ 0 the bit length of n, for n < 0 that of ~n (= -n-1).
  const magnitude = value < 0n ? ~value : value;
  const bits = magnitude === 0n ? 0 : magnitude.toString(2).length;
  const size = (bits >> 3) + 1;
  const out = Buffer.alloc(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The integer held by two's complement bytes `buf[start, end)`; no bytes decode as 0. */
export function varintToBigint(buf: Buffer, start: number, end: number): bigint {
  const length = end - start;
  if (length <= 0) return 0n;
  if (length <= 6) return BigInt(buf.readIntBE(start, length));
  const hex = buf.toString('hex', start, end);
  return BigInt.asIntN(length * 8, BigInt(`0x${hex}`));
}
