/**
 * Checksums of the v5 framing format (spec v5 section 2.1): CRC24 over segment headers and
 * CRC32 over payloads, both as Cassandra computes them.
 */
import * as zlib from 'node:zlib';

const CRC24_INIT = 0x875060;
const CRC24_POLY = 0x1974f0b;

/**
 * CRC24 of `buf[start, end)`: init 0x875060, polynomial 0x1974F0B, most significant bit first,
 * not reflected. Bytes are fed in wire order (the header integer is little-endian).
 */
export function crc24(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = CRC24_INIT;
  for (let i = start; i < end; i++) {
    crc ^= (buf[i] as number) << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
  }
  return crc & 0xffffff;
}

const TABLE = makeTable();

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native: NativeCrc32 | undefined = (zlib as { crc32?: NativeCrc32 }).crc32;

/**
 * Plain CRC-32 (IEEE 802.3, as zlib/java.util.zip.CRC32) of `buf`, continuing from `previous`
 * (a finished CRC value; 0 to start). Uses zlib's native crc32 when Node has it.
 */
export function crc32Core(buf: Uint8Array, previous = 0): number {
  if (native) return native(buf, previous) >>> 0;
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < buf.length; i++) {
    c = (TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Cassandra seeds its payload CRC32 by first feeding the bytes 0xFA 0x2D 0x55 0xCA: the value to
 * continue from (`crc32Core(piece, crc)` piece by piece) for a payload held in several views.
 */
export const CRC32_START = crc32Core(Uint8Array.of(0xfa, 0x2d, 0x55, 0xca));

/** The v5 payload checksum: CRC-32 of the seed bytes followed by `buf`. */
export function crc32(buf: Uint8Array): number {
  return crc32Core(buf, CRC32_START);
}
