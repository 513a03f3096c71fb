/** The 9-byte frame (v5: envelope) header: version, flags, stream, opcode, body length. */
import { ProtocolError } from '../errors/codec-errors';
import { RESPONSE_BIT, type ProtocolVersion } from './opcodes';

/** Header size in bytes for protocol v3, v4 and v5. */
export const HEADER_LENGTH = 9;
/** Where a v3+ frame header holds its stream id (int16 after the version and flags bytes). */
export const STREAM_OFFSET = 2;

/** Default limit on a frame body: 256 MiB (the spec's stated maximum), in bytes. */
export const DEFAULT_MAX_BODY_LENGTH = 256 * 1024 * 1024;

/** A complete frame as handed out by the decoders. `body` is a view into the received bytes. */
export interface Frame {
  readonly version: ProtocolVersion;
  /** True for a response (server → client), from the version byte's high bit. */
  readonly isResponse: boolean;
  /** Header flags (see `HeaderFlag`). */
  readonly flags: number;
  /** Stream id, signed (-1 for events). */
  readonly stream: number;
  readonly opcode: number;
  /** The body (possibly compressed, see `HeaderFlag.Compression`); a view, not a copy. */
  readonly body: Buffer;
}

/** Validates the header at `buf[offset..offset+9)` and returns the body length it declares. */
export function readBodyLength(buf: Buffer, offset: number, maxBodyLength: number): number {
  const version = (buf[offset] as number) & ~RESPONSE_BIT;
  if (version < 3 || version > 5) {
    throw new ProtocolError(`Unsupported protocol version ${version} in frame header`);
  }
  const length = buf.readInt32BE(offset + 5);
  if (length < 0) throw new ProtocolError(`Negative frame body length ${length}`);
  if (length > maxBodyLength) {
    throw new ProtocolError(`Frame body length ${length} exceeds the limit of ${maxBodyLength} bytes`);
  }
  return length;
}

/** Parses the whole frame held in `buf[offset..end)` (header + exactly the declared body); the body is a view. */
export function parseFrame(buf: Buffer, offset = 0, end = buf.length): Frame {
  const v = buf[offset] as number;
  return {
    version: (v & ~RESPONSE_BIT) as ProtocolVersion,
    isResponse: (v & RESPONSE_BIT) !== 0,
    flags: buf[offset + 1] as number,
    stream: buf.readInt16BE(offset + STREAM_OFFSET),
    opcode: buf[offset + 4] as number,
    body: buf.subarray(offset + HEADER_LENGTH, end),
  };
}
