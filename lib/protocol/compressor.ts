/**
 * Compression behind a small interface, so a faster (native) codec can be plugged in later.
 * `Lz4Compressor` works on LZ4 raw blocks: lz4js compresses, our bounds-checked decoder
 * (lz4-block.ts) decompresses.
 */
import * as lz4 from 'lz4js';
import { ProtocolError } from '../errors/driver-error';
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

export class Lz4Compressor implements Compressor {
  readonly name = 'lz4' as const;
  /** lz4js's match table (64 Ki entries), reused across calls and cleared before each. */
  private readonly hashTable = new Uint32Array(1 << 16);

  compress(buf: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(lz4.compressBound(buf.length));
    this.hashTable.fill(0);
    const n = lz4.compressBlock(buf, out, 0, buf.length, this.hashTable);
    // lz4js returns 0 when it found no match at all: emit the bytes as literals.
    return n === 0 ? literalLz4Block(buf) : out.subarray(0, n);
  }

  decompress(buf: Uint8Array, uncompressedLength?: number): Buffer {
    if (uncompressedLength === undefined || uncompressedLength < 0) {
      throw new ProtocolError('LZ4 block decompression needs the uncompressed length');
    }
    return decodeLz4Block(buf, uncompressedLength);
  }
}
