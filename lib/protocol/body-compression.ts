/**
 * Protocol v3/v4 body compression (spec v4 section 5): the compressed body is a 4-byte
 * big-endian uncompressed length followed by one LZ4 raw block. (v5 compresses segments instead.)
 */
import { ProtocolError } from '../errors/codec-errors';
import type { Compressor } from './compressor';
import { DEFAULT_MAX_BODY_LENGTH, HEADER_LENGTH } from './frame-header';
import { HeaderFlag } from './opcodes';

/** Compresses an uncompressed body into the v4 layout: [int] length + block. */
export function compressBody(body: Uint8Array, compressor: Compressor): Buffer {
  const block = compressor.compress(body);
  const out = Buffer.allocUnsafe(4 + block.length);
  out.writeInt32BE(body.length, 0);
  out.set(block, 4);
  return out;
}

/**
 * Decompresses a v4 compressed body. The declared length is checked against `maxBodyLength`
 * (bytes, default 256 MiB) and against what the block can possibly produce (LZ4 expands at most
 * 255× per input byte) before anything is allocated.
 */
export function decompressBody(
  body: Buffer,
  compressor: Compressor,
  maxBodyLength = DEFAULT_MAX_BODY_LENGTH,
): Buffer {
  if (body.length < 4) throw new ProtocolError('Compressed body shorter than its length prefix');
  const length = body.readInt32BE(0);
  if (length < 0 || length > maxBodyLength) {
    throw new ProtocolError(`Invalid uncompressed body length ${length}`);
  }
  if (length > (body.length - 4) * 255 + 16) {
    throw new ProtocolError(`Uncompressed length ${length} impossible for a ${body.length - 4}-byte block`);
  }
  return compressor.decompress(body.subarray(4), length);
}

/**
 * A whole v3/v4 frame with its body compressed: the same header with the Compression flag set and
 * the compressed body's length. `frame` is left as it is.
 */
export function compressFrame(frame: Buffer, compressor: Compressor): Buffer {
  const body = compressBody(frame.subarray(HEADER_LENGTH), compressor);
  const out = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
  frame.copy(out, 0, 0, HEADER_LENGTH);
  out[1] = (out[1] as number) | HeaderFlag.Compression;
  out.writeInt32BE(body.length, 5);
  body.copy(out, HEADER_LENGTH);
  return out;
}

