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

type Crc32Fn = (data: Uint8Array, value?: number) => number;
const zlibCrc32: Crc32Fn | undefined = (zlib as { crc32?: Crc32Fn }).crc32;

/**
 * From this many bytes the optional `@node-rs/crc32` (SIMD, prebuilt binaries in the npm
 * registry) is used when installed: bench:codec-style measurements here give it 2.4× zlib's
 * speed at 10 KB and 2.8× at 100 KB (~16 µs instead of ~40 µs for a 100 KB payload), and about
 * the same at 1 KB, where the native call's own cost dominates.
 */
const FAST_FROM = 4096;

/** Which CRC-32 runs large payloads: `fast` (@node-rs/crc32 when installed, else zlib) or `zlib`. */
export type Crc32Implementation = 'fast' | 'zlib';

type FastCrc32 = (input: Buffer, initialState?: number) => number;
/** `@node-rs/crc32`'s crc32 once looked up: null when it cannot be loaded here. */
let fastCrc32: FastCrc32 | null | undefined;
let implementation: Crc32Implementation = 'fast';

function fast(): FastCrc32 | null {
  if (fastCrc32 === undefined) {
    try {
      // An optional peer, loaded on the first large payload.
      const f = (require('@node-rs/crc32') as { crc32?: unknown }).crc32;
      fastCrc32 = typeof f === 'function' ? (f as FastCrc32) : null;
    } catch {
      fastCrc32 = null;
    }
  }
  return fastCrc32;
}

/** @internal Chooses the large-payload CRC-32 (benchmarks and tests); returns what will run: `fast` only if the package loads. */
export function useCrc32(choice: Crc32Implementation): Crc32Implementation {
  implementation = choice;
  return choice === 'fast' && fast() !== null ? 'fast' : 'zlib';
}

/**
 * Plain CRC-32 (IEEE 802.3, as zlib/java.util.zip.CRC32) of `buf`, continuing from `previous`
 * (a finished CRC value; 0 to start). Large inputs go to `@node-rs/crc32` when it is installed;
 * otherwise zlib's native crc32 when Node has it; a table-driven loop as the last resort.
 */
export function crc32Core(buf: Uint8Array, previous = 0): number {
  const f = buf.length >= FAST_FROM && implementation === 'fast' ? fast() : null;
  if (f !== null) return f(Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), previous) >>> 0;
  if (zlibCrc32) return zlibCrc32(buf, previous) >>> 0;
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
