/**
 * LZ4 raw *block* format (not the LZ4 frame format): a bounds-checked decoder of our own, and a
 * literal-only encoder used when the compressor finds nothing to compress. Hostile input raises
 * `ProtocolError`; output never exceeds the caller's stated size.
 */
import { ProtocolError } from '../errors/codec-errors';

/**
 * Decodes the block `src` into exactly `outLength` bytes. Throws `ProtocolError` if the block is
 * malformed or does not produce exactly `outLength` bytes.
 */
/** Copies shorter than this are done byte by byte (cheaper than a native copy call). */
const SHORT = 32;

export function decodeLz4Block(src: Uint8Array, outLength: number): Buffer {
  const out = Buffer.allocUnsafe(outLength);
  const end = src.length;
  let s = 0;
  let d = 0;
  while (s < end) {
    const token = src[s++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (s >= end) throw bad('literal length');
        b = src[s++] as number;
        literals += b;
      } while (b === 255);
    }
    if (literals > end - s || literals > outLength - d) throw bad('literals overrun');
    if (literals < SHORT) {
      // Short runs are the common case: a byte loop beats a native call and a subarray view.
      for (const stop = s + literals; s < stop; ) out[d++] = src[s++] as number;
    } else {
      out.set(src.subarray(s, s + literals), d);
      s += literals;
      d += literals;
    }
    if (s === end) break; // the last sequence has literals only
    if (end - s < 2) throw bad('match offset');
    const offset = (src[s] as number) | ((src[s + 1] as number) << 8);
    s += 2;
    if (offset === 0 || offset > d) throw bad('match offset');
    let matchLength = token & 15;
    if (matchLength === 15) {
      let b: number;
      do {
        if (s >= end) throw bad('match length');
        b = src[s++] as number;
        matchLength += b;
      } while (b === 255);
    }
    matchLength += 4;
    if (matchLength > outLength - d) throw bad('match overrun');
    let from = d - offset;
    if (offset >= matchLength && matchLength >= SHORT) {
      out.copyWithin(d, from, from + matchLength);
      d += matchLength;
    } else {
      // Overlapping (offset < length: a repeated pattern) or short: byte by byte, in order.
      for (const stop = d + matchLength; d < stop; ) out[d++] = out[from++] as number;
    }
  }
  if (d !== outLength) throw new ProtocolError(`LZ4 block decoded to ${d} bytes, expected ${outLength}`);
  return out;
}

function bad(what: string): ProtocolError {
  return new ProtocolError(`Malformed LZ4 block: ${what}`);
}

/** An LZ4 block holding `src` as literals only (valid for any length, including 0). */
export function literalLz4Block(src: Uint8Array): Buffer {
  const n = src.length;
  const extra = n >= 15 ? Math.floor((n - 15) / 255) + 1 : 0;
  const out = Buffer.allocUnsafe(1 + extra + n);
  let d = 0;
  if (n < 15) {
    out[d++] = n << 4;
  } else {
    out[d++] = 0xf0;
    let rest = n - 15;
    while (rest >= 255) { out[d++] = 255; rest -= 255; }
    out[d++] = rest;
  }
  out.set(src, d);
  return out;
}
