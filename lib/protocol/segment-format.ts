/**
 * The v5 outer framing (spec v5 section 2, where these are called "frames"; we say *segments*
 * to keep "frame" for the 9-byte-header unit, which v5 calls an envelope). All integers here are
 * little-endian.
 *
 * Uncompressed header, 6 bytes: 24-bit LE int = payload length (17 bits) | self-contained (bit 17)
 * | padding, then CRC24 of those 3 bytes (3 bytes LE).
 * Compressed (LZ4) header, 8 bytes: 40-bit LE int = compressed length (17 bits) | uncompressed
 * length (bits 17..33) | self-contained (bit 34) | padding, then CRC24 of those 5 bytes (3 bytes LE).
 * An uncompressed length of 0 means the payload is stored as-is (spec 2.2).
 * Each payload (at most 2^17 − 1 bytes) is followed by its CRC32 (4 bytes LE, see crc.ts).
 */
import { ProtocolError } from '../errors/codec-errors';
import { crc24 } from './crc';

/** Largest payload of one segment: 128 KiB − 1 bytes. */
export const MAX_SEGMENT_PAYLOAD = 0x1ffff;
export const UNCOMPRESSED_HEADER_LENGTH = 6;
export const COMPRESSED_HEADER_LENGTH = 8;
/** CRC32 trailer after each payload. */
export const TRAILER_LENGTH = 4;

export interface SegmentHeader {
  /** Bytes of payload on the wire (the compressed length for compressed segments). */
  readonly payloadLength: number;
  /** Uncompressed length; 0 in a compressed segment means "stored uncompressed". Equal to payloadLength when uncompressed. */
  readonly uncompressedLength: number;
  readonly selfContained: boolean;
}

/** Writes a header at `out[0..6)` or `out[0..8)`. */
export function writeSegmentHeader(out: Buffer, compressed: boolean, h: SegmentHeader): number {
  if (!compressed) {
    const v = h.payloadLength | (h.selfContained ? 1 << 17 : 0);
    out[0] = v & 0xff;
    out[1] = (v >>> 8) & 0xff;
    out[2] = (v >>> 16) & 0xff;
    writeUInt24LE(out, 3, crc24(out, 0, 3));
    return UNCOMPRESSED_HEADER_LENGTH;
  }
  // 40-bit value; split into the low 32 bits and the high byte to stay in int range.
  const low = (h.payloadLength | ((h.uncompressedLength & 0x7fff) << 17)) >>> 0;
  const high = (h.uncompressedLength >>> 15) | (h.selfContained ? 1 << 2 : 0);
  out.writeUInt32LE(low, 0);
  out[4] = high;
  writeUInt24LE(out, 5, crc24(out, 0, 5));
  return COMPRESSED_HEADER_LENGTH;
}

/** Parses and CRC-checks a header at `buf[offset]`; a bad CRC is a ProtocolError. */
export function readSegmentHeader(buf: Buffer, offset: number, compressed: boolean): SegmentHeader {
  if (!compressed) {
    const crc = readUInt24LE(buf, offset + 3);
    if (crc !== crc24(buf, offset, offset + 3)) throw new ProtocolError('Segment header CRC24 mismatch');
    const v = readUInt24LE(buf, offset);
    const payloadLength = v & MAX_SEGMENT_PAYLOAD;
    return { payloadLength, uncompressedLength: payloadLength, selfContained: (v & (1 << 17)) !== 0 };
  }
  const crc = readUInt24LE(buf, offset + 5);
  if (crc !== crc24(buf, offset, offset + 5)) throw new ProtocolError('Segment header CRC24 mismatch');
  const low = buf.readUInt32LE(offset);
  const high = buf[offset + 4] as number;
  return {
    payloadLength: low & MAX_SEGMENT_PAYLOAD,
    uncompressedLength: (low >>> 17) | ((high & 0x03) << 15),
    selfContained: (high & 0x04) !== 0,
  };
}

function writeUInt24LE(out: Buffer, at: number, v: number): void {
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
}

function readUInt24LE(buf: Buffer, at: number): number {
  return (buf[at] as number) | ((buf[at + 1] as number) << 8) | ((buf[at + 2] as number) << 16);
}
