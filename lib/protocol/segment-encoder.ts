/**
 * Frames → v5 segments. Small frames are packed together into self-contained segments; a frame
 * larger than one payload is cut into consecutive non-self-contained segments. With a compressor,
 * each payload is LZ4-compressed, or stored as-is (uncompressed length 0) when that is not smaller.
 *
 * Without compression, a segment whose payload is one part of at least `VIEW_THRESHOLD` bytes (a
 * large value's frame, or a piece of a frame over one payload) is not copied: it leaves as three
 * buffers, header, the frame's own bytes and trailer (the write queue writes them corked, in one
 * system call), with the CRC32 computed over the frame's bytes where they are.
 */
import type { Compressor } from './compressor';
import { crc32 } from './crc';
import {
  COMPRESSED_HEADER_LENGTH, MAX_SEGMENT_PAYLOAD, TRAILER_LENGTH, UNCOMPRESSED_HEADER_LENGTH,
  writeSegmentHeader,
} from './segment-format';

/** Payloads of one part at least this long are written from where they are, not copied. */
export const VIEW_THRESHOLD = 8 * 1024;

export interface SegmentEncoderOptions {
  /** Compress payloads (the connection negotiated `COMPRESSION: lz4`). Default: none. */
  compressor?: Compressor | null;
}

export class SegmentEncoder {
  private readonly compressor: Compressor | null;

  constructor(options: SegmentEncoderOptions = {}) {
    this.compressor = options.compressor ?? null;
  }

  /** Encodes whole frames, in order, into segments ready to be written in order. */
  encode(frames: readonly Buffer[]): Buffer[] {
    const out: Buffer[] = [];
    const segment = (parts: readonly Buffer[], length: number, selfContained: boolean): void => {
      if (this.compressor === null && parts.length === 1 && length >= VIEW_THRESHOLD) this.framed(parts[0] as Buffer, selfContained, out);
      else out.push(this.segment(parts, length, selfContained));
    };
    let batch: Buffer[] = [];
    let batchLength = 0;
    for (const frame of frames) {
      if (frame.length > MAX_SEGMENT_PAYLOAD) {
        if (batch.length > 0) segment(batch, batchLength, true);
        batch = [];
        batchLength = 0;
        for (let at = 0; at < frame.length; at += MAX_SEGMENT_PAYLOAD) {
          const part = frame.subarray(at, Math.min(at + MAX_SEGMENT_PAYLOAD, frame.length));
          segment([part], part.length, false);
        }
        continue;
      }
      if (batchLength + frame.length > MAX_SEGMENT_PAYLOAD) {
        segment(batch, batchLength, true);
        batch = [];
        batchLength = 0;
      }
      batch.push(frame);
      batchLength += frame.length;
    }
    if (batch.length > 0) segment(batch, batchLength, true);
    return out;
  }

  /** An uncompressed segment around `payload` without copying it: header, payload, trailer. */
  private framed(payload: Buffer, selfContained: boolean, out: Buffer[]): void {
    const ends = Buffer.allocUnsafe(UNCOMPRESSED_HEADER_LENGTH + TRAILER_LENGTH);
    writeSegmentHeader(ends, false, { payloadLength: payload.length, uncompressedLength: payload.length, selfContained });
    ends.writeUInt32LE(crc32(payload), UNCOMPRESSED_HEADER_LENGTH);
    out.push(ends.subarray(0, UNCOMPRESSED_HEADER_LENGTH), payload, ends.subarray(UNCOMPRESSED_HEADER_LENGTH));
  }

  private segment(parts: readonly Buffer[], length: number, selfContained: boolean): Buffer {
    if (this.compressor === null) {
      const seg = Buffer.allocUnsafe(UNCOMPRESSED_HEADER_LENGTH + length + TRAILER_LENGTH);
      writeSegmentHeader(seg, false, { payloadLength: length, uncompressedLength: length, selfContained });
      let at = UNCOMPRESSED_HEADER_LENGTH;
      for (const p of parts) { p.copy(seg, at); at += p.length; }
      seg.writeUInt32LE(crc32(seg.subarray(UNCOMPRESSED_HEADER_LENGTH, at)), at);
      return seg;
    }
    const payload = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, length);
    const compressed = this.compressor.compress(payload);
    const stored = compressed.length >= payload.length;
    const body = stored ? payload : compressed;
    const seg = Buffer.allocUnsafe(COMPRESSED_HEADER_LENGTH + body.length + TRAILER_LENGTH);
    writeSegmentHeader(seg, true, {
      payloadLength: body.length,
      uncompressedLength: stored ? 0 : payload.length,
      selfContained,
    });
    body.copy(seg, COMPRESSED_HEADER_LENGTH);
    seg.writeUInt32LE(crc32(body), COMPRESSED_HEADER_LENGTH + body.length);
    return seg;
  }
}
