/** Incremental frame decoder: push socket chunks of any size, get complete frames back. */
import { ProtocolError } from '../errors/codec-errors';
import { DEFAULT_MAX_BODY_LENGTH, HEADER_LENGTH, STREAM_OFFSET, parseFrame, readBodyLength, type Frame } from './frame-header';
import { UnitSplitter } from './unit-splitter';

export interface FrameDecoderOptions {
  /** Largest accepted body, in bytes; a larger declared length is a ProtocolError. Default 256 MiB. */
  maxBodyLength?: number;
}

/**
 * Splits a byte stream of unframed (v3/v4, or pre-STARTUP v5) frames. Frames are views into the
 * pushed chunks (or into one assembled buffer when a frame spans chunks); the caller must not
 * reuse a pushed chunk's memory while frames from it are alive. After a `ProtocolError` the
 * decoder stays failed: the stream is unrecoverable and the connection should be closed.
 */
export class FrameDecoder {
  private readonly splitter: UnitSplitter;
  private failure: ProtocolError | null = null;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
    this.splitter = new UnitSplitter(HEADER_LENGTH, (buf, off) => HEADER_LENGTH + readBodyLength(buf, off, max));
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number { return this.splitter.buffered; }

  /** The stream id of the frame being received, once its header is in; else undefined. */
  get pendingStream(): number | undefined {
    return this.splitter.pendingHeader()?.readInt16BE(STREAM_OFFSET);
  }

  /** Consumes `chunk` and returns the frames it completes (possibly none). */
  push(chunk: Buffer): Frame[] {
    if (this.failure) throw this.failure;
    const frames: Frame[] = [];
    try {
      this.splitter.push(chunk, (unit) => frames.push(parseFrame(unit)));
    } catch (e) {
      this.failure = e instanceof ProtocolError ? e : new ProtocolError('Frame decoding failed', { cause: e });
      throw this.failure;
    }
    return frames;
  }
}
