/**
 * LZ4 through the optional native package `lz4-napi` (prebuilt binaries in the npm registry),
 * used when it is installed: native compression costs a fraction of lz4js's CPU, which is what
 * makes compression pay on real links. Same raw-block contract as `Lz4Compressor`.
 *
 * `lz4-napi`'s block functions carry the uncompressed size as a 4-byte little-endian prefix:
 * compression returns a view past it; decompression is given it (the length the caller bounds).
 * Whatever the native decoder throws on malformed input becomes a `ProtocolError`.
 */
import { ProtocolError } from '../errors/codec-errors';
import { Lz4Compressor, type Compressor } from './compressor';
import { decodeLz4Block } from './lz4-block';

/** What this driver uses of `lz4-napi`. */
export interface NativeLz4Module {
  compressSync(data: Buffer): Buffer;
  uncompressSync(data: Uint8Array): Buffer;
}

/** Which LZ4 implementation: `native` (lz4-napi), `js` (lz4js) or `auto` (native when installed). */
export type Lz4Implementation = 'auto' | 'native' | 'js';

/**
 * Below this many uncompressed bytes our JS decoder is as fast as a native call (bench:codec:
 * 1 KB blocks decode at about the same MB/s both ways, 10 KB ones 4× faster natively).
 */
const NATIVE_DECODE_FROM = 4096;

export class NativeLz4Compressor implements Compressor {
  readonly name = 'lz4' as const;

  constructor(private readonly native: NativeLz4Module) {}

  compress(buf: Uint8Array): Buffer {
    const input = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    return this.native.compressSync(input).subarray(4);
  }

  decompress(buf: Uint8Array, uncompressedLength?: number): Buffer {
    if (uncompressedLength === undefined || uncompressedLength < 0) {
      throw new ProtocolError('LZ4 block decompression needs the uncompressed length');
    }
    if (uncompressedLength < NATIVE_DECODE_FROM) return decodeLz4Block(buf, uncompressedLength);
    const prefixed = Buffer.allocUnsafe(4 + buf.length);
    prefixed.writeUInt32LE(uncompressedLength, 0);
    prefixed.set(buf, 4);
    let out: Buffer;
    try {
      out = this.native.uncompressSync(prefixed);
    } catch (e: unknown) {
      throw new ProtocolError(`Malformed LZ4 block (${buf.length} bytes): ${e instanceof Error ? e.message : String(e)}`);
    }
    if (out.length !== uncompressedLength) {
      throw new ProtocolError(`LZ4 block decompressed to ${out.length} bytes, expected ${uncompressedLength}`);
    }
    return out;
  }
}

let loaded: NativeLz4Module | null | undefined;

/** `lz4-napi` when it can be loaded here, else null (looked up once). */
export function nativeLz4Module(): NativeLz4Module | null {
  if (loaded === undefined) {
    try {
      // An optional peer: loaded only when a connection uses LZ4.
      const m = require('lz4-napi') as Partial<NativeLz4Module>;
      loaded = typeof m.compressSync === 'function' && typeof m.uncompressSync === 'function' ? (m as NativeLz4Module) : null;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** The LZ4 codec for a new connection. `native` without lz4-napi installed is a ProtocolError naming the package. */
export function lz4Compressor(implementation: Lz4Implementation = 'auto'): Compressor {
  if (implementation === 'js') return new Lz4Compressor();
  const native = nativeLz4Module();
  if (native) return new NativeLz4Compressor(native);
  if (implementation === 'native') throw new ProtocolError("LZ4 implementation 'native' needs the lz4-napi package (npm install lz4-napi)");
  return new Lz4Compressor();
}
