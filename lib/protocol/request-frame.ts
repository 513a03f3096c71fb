/** What every request encoder shares: frame options, the header flags, optional v3/v4 body compression. */
import { StatementError } from '../errors/client-errors';
import { compressFrame } from './body-compression';
import type { Compressor } from './compressor';
import { HeaderFlag, Opcode, type ProtocolVersion } from './opcodes';
import { Writer } from './writer';

export interface FrameOptions {
  /** Protocol version of the connection. */
  readonly version: ProtocolVersion;
  /** Stream id, 0..32767. */
  readonly stream: number;
  /** Ask for tracing (Tracing flag; honoured for QUERY, PREPARE, EXECUTE). Default false. */
  readonly tracing?: boolean;
  /** Custom payload (QUERY, PREPARE, EXECUTE, BATCH); sets the Custom payload flag. Default none. */
  readonly customPayload?: ReadonlyMap<string, Buffer | null> | null;
  /** Opt in to a beta protocol version (Use beta flag). Default false. */
  readonly useBeta?: boolean;
  /**
   * v3/v4 only: compress the body (Compression flag). Ignored in v5, where segments are
   * compressed instead, and never applied to STARTUP/OPTIONS or empty bodies. Default none.
   */
  readonly compressor?: Compressor | null;
}

/** Starts a request: a writer with the header reserved and the custom payload written if any. */
export function startRequest(options: FrameOptions, capacity = 256): Writer {
  if (!Number.isInteger(options.stream) || options.stream < 0 || options.stream > 0x7fff) {
    throw new StatementError(`Invalid request stream id ${options.stream} (0..32767)`);
  }
  const w = new Writer(capacity);
  if (options.customPayload) w.bytesMap(options.customPayload);
  return w;
}

/** Fills in the header and compresses the body when asked to; returns the whole frame. */
export function finishRequest(w: Writer, options: FrameOptions, opcode: Opcode): Buffer {
  let flags = 0;
  if (options.tracing) flags |= HeaderFlag.Tracing;
  if (options.customPayload) flags |= HeaderFlag.CustomPayload;
  if (options.useBeta) flags |= HeaderFlag.UseBeta;
  const c = options.compressor;
  const compress = c && options.version < 5 && w.bodyLength > 0
    && opcode !== Opcode.Startup && opcode !== Opcode.Options;
  const frame = w.finish(options.version, flags, options.stream, opcode);
  return compress ? compressFrame(frame, c) : frame;
}

/** Throws when a v5-only feature is used on an older connection. */
export function requireV5(options: FrameOptions, feature: string): void {
  if (options.version < 5) throw new StatementError(`${feature} requires protocol v5 (connection uses v${options.version})`);
}
