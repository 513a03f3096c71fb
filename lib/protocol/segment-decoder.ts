/**
 * Incremental v5 segment decoder: push socket chunks of any size, get the complete frames
 * (envelopes) they carry. Header CRC24 and payload CRC32 are verified; a mismatch, a frame cut
 * across a self-contained segment, or a self-contained segment in the middle of a large frame
 * is a ProtocolError, after which the decoder stays failed.
 */
import { ProtocolError } from '../errors/codec-errors';
import type { Compressor } from './compressor';
import { crc32 } from './crc';
import { DEFAULT_MAX_BODY_LENGTH, HEADER_LENGTH, STREAM_OFFSET, parseFrame, readBodyLength, type Frame } from './frame-header';
import {
  COMPRESSED_HEADER_LENGTH, TRAILER_LENGTH, UNCOMPRESSED_HEADER_LENGTH, readSegmentHeader,
} from './segment-format';
import { UnitSplitter } from './unit-splitter';

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

  constructor(options: SegmentDecoderOptions = {}) {
    this.compressor = options.compressor ?? null;
    const compressed = this.compressor !== null;
    const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
    this.headerLength = compressed ? COMPRESSED_HEADER_LENGTH : UNCOMPRESSED_HEADER_LENGTH;
    this.segments = new UnitSplitter(this.headerLength, (buf, off) =>
      this.headerLength + readSegmentHeader(buf, off, compressed).payloadLength + TRAILER_LENGTH);
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
      this.segments.push(chunk, (segment) => this.onSegment(segment));
    } catch (e) {
      this.failure = e instanceof ProtocolError ? e : new ProtocolError('Segment decoding failed', { cause: e });
      throw this.failure;
    }
    return this.out;
  }

  private onSegment(segment: Buffer): void {
    const header = readSegmentHeader(segment, 0, this.compressor !== null);
    const payloadEnd = this.headerLength + header.payloadLength;
    let payload = segment.subarray(this.headerLength, payloadEnd);
    if (segment.readUInt32LE(payloadEnd) !== crc32(payload)) {
      throw new ProtocolError('Segment payload CRC32 mismatch');
    }
    if (this.compressor !== null && header.uncompressedLength !== 0) {
      payload = this.compressor.decompress(payload, header.uncompressedLength);
    }
    if (!header.selfContained) {
      this.large.push(payload, (frame) => this.out.push(parseFrame(frame)));
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
}
