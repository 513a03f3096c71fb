/**
 * Compression behind a small interface, so a faster (native) codec can be plugged in later.
 * `Lz4Compressor` works on LZ4 raw blocks: lz4js compresses, our bounds-checked decoder
 * (lz4-block.ts) decompresses.
 */
import * as lz4 from 'lz4js';
import { ProtocolError } from '../errors/codec-errors';
import { decodeLz4Block, literalLz4Block } from './lz4-block';

export interface Compressor {
  /** The STARTUP `COMPRESSION` option value. */
  readonly name: 'lz4';
  /** Compresses `buf` into one raw block (no length prefix). */
  compress(buf: Uint8Array): Buffer;
  /**
   * Decompresses one raw block into exactly `uncompressedLength` bytes (required for LZ4 blocks,
   * which do not record their size). Malformed input or a wrong length raises `ProtocolError`;
   * the output is never larger than `uncompressedLength`, which the caller bounds.
   */
  decompress(buf: Uint8Array, uncompressedLength?: number): Buffer;
}

/** Input bytes withheld from lz4js so no match starts in the last 12 bytes (10 + this). */
const END_GUARD = 2;

/** Offset and literal count of the last (literals-only) sequence of a block lz4js produced. */
function lastSequence(block: Buffer): { start: number; literals: number } {
  let s = 0;
  for (;;) {
    const start = s;
    const token = block[s++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do { b = block[s++] as number; literals += b; } while (b === 255);
    }
    s += literals;
    if (s >= block.length) return { start, literals };
    s += 2; // match offset
    if ((token & 15) === 15) while (block[s++] === 255);
  }
}

export class Lz4Compressor implements Compressor {
  readonly name = 'lz4' as const;
  /** lz4js's match table (64 Ki entries), reused across calls and cleared before each. */
  private readonly hashTable = new Uint32Array(1 << 16);

  compress(buf: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(lz4.compressBound(buf.length));
    this.hashTable.fill(0);
    // LZ4's end-of-block rule (MFLIMIT): the last match must start at least 12 bytes before the
    // end. lz4js lets one start 10 bytes before it, which Cassandra's decoder rejects
    // ("LZ4Exception: Error decoding offset …"). So lz4js sees all but the last END_GUARD bytes,
    // and its final literal run is rebuilt to cover them.
    const n = buf.length < END_GUARD ? 0 : lz4.compressBlock(buf, out, 0, buf.length - END_GUARD, this.hashTable);
    // lz4js returns 0 when it found no match at all: emit the bytes as literals.
    if (n === 0) return literalLz4Block(buf);
    const last = lastSequence(out.subarray(0, n));
    const tail = literalLz4Block(buf.subarray(buf.length - last.literals - END_GUARD));
    return Buffer.concat([out.subarray(0, last.start), tail]);
  }

  decompress(buf: Uint8Array, uncompressedLength?: number): Buffer {
    if (uncompressedLength === undefined || uncompressedLength < 0) {
      throw new ProtocolError('LZ4 block decompression needs the uncompressed length');
    }
    return decodeLz4Block(buf, uncompressedLength);
  }
}
