/**
 * Incremental v5 segment decoder: push socket chunks of any size, get the complete frames
 * (envelopes) they carry. Header CRC24 and payload CRC32 are verified; a mismatch, a frame cut
 * across a self-contained segment, or a self-contained segment in the middle of a large frame
 * is a ProtocolError, after which the decoder stays failed.
 *
 * Copies: a segment inside one socket chunk is read in place. An uncompressed part of a large
 * frame (non-self-contained segment) that spans socket reads is not assembled: its CRC32 runs over
 * the views it arrived in, which then go on to the frame's own splitter, so a large frame is
 * copied once, into the buffer of the whole frame, as at v4. Other segments that span reads are
 * assembled once (a compressed payload must be contiguous to decompress, a self-contained one to
 * be parsed).
 */
import { ProtocolError } from '../errors/codec-errors';
import type { Compressor } from './compressor';
import { CRC32_START, crc32, crc32Core } from './crc';
import { DEFAULT_MAX_BODY_LENGTH, HEADER_LENGTH, STREAM_OFFSET, parseFrame, readBodyLength, type Frame } from './frame-header';
import {
  COMPRESSED_HEADER_LENGTH, TRAILER_LENGTH, UNCOMPRESSED_HEADER_LENGTH, readSegmentHeader, type SegmentHeader,
} from './segment-format';
import { UnitSplitter, copyParts, forEachView } from './unit-splitter';

export interface SegmentDecoderOptions {
  /** Decompress payloads (the connection negotiated `COMPRESSION: lz4`). Default: none. */
  compressor?: Compressor | null;
  /** Largest accepted frame body, in bytes. Default 256 MiB. */
  maxBodyLength?: number;
}

export class SegmentDecoder {
  private readonly compressor: Compressor | null;
  private readonly headerLength: number;
  private readonly maxBodyLength: number;
  private readonly segments: UnitSplitter;
  /** Reassembles a frame carried by consecutive non-self-contained segments. */
  private readonly large: UnitSplitter;
  private out: Frame[] = [];
  private failure: ProtocolError | null = null;
  /**
   * The header of the segment being received: parsed (and its CRC24 checked) once, when the
   * splitter asks for the segment's length, which it does once per unit, just before that unit.
   */
  private header: SegmentHeader | null = null;
  /** Trailer of a segment that spans reads, copied out of its views. */
  private readonly trailer = Buffer.alloc(TRAILER_LENGTH);
  private readonly onSegmentFn = (segment: Buffer): void => this.onSegment(segment);
  private readonly onFrameFn = (frame: Buffer): void => { this.out.push(parseFrame(frame)); };

  constructor(options: SegmentDecoderOptions = {}) {
    this.compressor = options.compressor ?? null;
    const compressed = this.compressor !== null;
    const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
    this.headerLength = compressed ? COMPRESSED_HEADER_LENGTH : UNCOMPRESSED_HEADER_LENGTH;
    this.segments = new UnitSplitter(
      this.headerLength,
      (buf, off) => this.headerLength + (this.header = readSegmentHeader(buf, off, compressed)).payloadLength + TRAILER_LENGTH,
      compressed ? null : (parts, length) => this.onSpanningSegment(parts, length),
    );
    this.large = new UnitSplitter(HEADER_LENGTH, (buf, off) => HEADER_LENGTH + readBodyLength(buf, off, max));
    this.maxBodyLength = max;
  }

  /** Bytes received that do not yet form a whole segment or a whole (large) frame. */
  get buffered(): number { return this.segments.buffered + this.large.buffered; }

  /**
   * The stream id of the large frame (spanning segments) being received, once its header is in;
   * undefined otherwise (a partial segment does not say which frame it carries).
   */
  get pendingStream(): number | undefined {
    return this.large.pendingHeader()?.readInt16BE(STREAM_OFFSET);
  }

  /** Consumes `chunk` and returns the frames it completes (possibly none). */
  push(chunk: Buffer): Frame[] {
    if (this.failure) throw this.failure;
    this.out = [];
    try {
      this.segments.push(chunk, this.onSegmentFn);
    } catch (e) {
      this.failure = e instanceof ProtocolError ? e : new ProtocolError('Segment decoding failed', { cause: e });
      throw this.failure;
    }
    return this.out;
  }

  private onSegment(segment: Buffer): void {
    const header = this.header as SegmentHeader;
    const payloadEnd = this.headerLength + header.payloadLength;
    let payload = segment.subarray(this.headerLength, payloadEnd);
    if (segment.readUInt32LE(payloadEnd) !== crc32(payload)) {
      throw new ProtocolError('Segment payload CRC32 mismatch');
    }
    if (this.compressor !== null && header.uncompressedLength !== 0) {
      payload = this.compressor.decompress(payload, header.uncompressedLength);
    }
    if (!header.selfContained) {
      this.large.push(payload, this.onFrameFn);
      return;
    }
    if (this.large.buffered > 0) {
      throw new ProtocolError('Self-contained segment while a large frame is incomplete');
    }
    let off = 0;
    while (off < payload.length) {
      if (payload.length - off < HEADER_LENGTH) throw new ProtocolError('Partial frame header in self-contained segment');
      const total = HEADER_LENGTH + readBodyLength(payload, off, this.maxBodyLength);
      if (payload.length - off < total) throw new ProtocolError('Partial frame in self-contained segment');
      this.out.push(parseFrame(payload, off, off + total));
      off += total;
    }
  }

  /**
   * An uncompressed segment that spans socket reads, as its views. A part of a large frame is
   * checked and passed on as views (true); a self-contained one is left to be assembled (false).
   */
  private onSpanningSegment(parts: readonly Buffer[], length: number): boolean {
    const header = this.header as SegmentHeader;
    if (header.selfContained) return false;
    const payloadEnd = UNCOMPRESSED_HEADER_LENGTH + header.payloadLength;
    let crc = CRC32_START;
    forEachView(parts, UNCOMPRESSED_HEADER_LENGTH, payloadEnd, (view) => { crc = crc32Core(view, crc); });
    copyParts(parts, this.trailer, payloadEnd, length);
    if (this.trailer.readUInt32LE(0) !== crc) {
      throw new ProtocolError('Segment payload CRC32 mismatch');
    }
    forEachView(parts, UNCOMPRESSED_HEADER_LENGTH, payloadEnd, (view) => this.large.push(view, this.onFrameFn));
    return true;
  }
}
