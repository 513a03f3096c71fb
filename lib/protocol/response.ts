/** Decodes a response frame: envelope prefixes (tracing id, warnings, custom payload), then the message. */
import { ProtocolError } from '../errors/codec-errors';
import type { ResponseError } from '../errors/server-errors';
import { decompressBody } from './body-compression';
import type { Compressor } from './compressor';
import { serverErrorFromBody } from './error-response';
import { readEvent, type ServerEvent } from './events';
import type { Frame } from './frame-header';
import { HeaderFlag, Opcode, opcodeName } from './opcodes';
import { Reader } from './reader';
import { readResult, type Result, type ResultOptions } from './result';
import type { ColumnSpec } from './result-metadata';

export type ResponseMessage =
  | { readonly opcode: Opcode.Error; readonly error: ResponseError }
  | { readonly opcode: Opcode.Ready }
  | { readonly opcode: Opcode.Authenticate; readonly authenticator: string }
  | { readonly opcode: Opcode.Supported; readonly options: Map<string, string[]> }
  | { readonly opcode: Opcode.Result; readonly result: Result }
  | { readonly opcode: Opcode.Event; readonly event: ServerEvent }
  /** Tokens are copies (an authenticator may keep them). */
  | { readonly opcode: Opcode.AuthChallenge; readonly token: Buffer | null }
  | { readonly opcode: Opcode.AuthSuccess; readonly token: Buffer | null };

export interface Response {
  readonly stream: number;
  /** Tracing session id (16 bytes, a copy) when the Tracing flag is set, else null. */
  readonly tracingId: Buffer | null;
  /** Server warnings when the Warning flag is set, else null. */
  readonly warnings: string[] | null;
  /** Custom payload when the Custom payload flag is set (values are copies), else null. */
  readonly customPayload: Map<string, Buffer | null> | null;
  readonly message: ResponseMessage;
}

export interface DecodeOptions extends ResultOptions {
  /** Decompresses v3/v4 bodies with the Compression flag; required if the server may compress. */
  readonly compressor?: Compressor | null;
  /** Largest accepted uncompressed body, in bytes. Default 256 MiB. */
  readonly maxBodyLength?: number;
}

/**
 * Decodes a response frame. Raises `ProtocolError` (only) on malformed input. Server errors are
 * returned as a message with `opcode: Opcode.Error`, not thrown.
 */
export function decodeResponse(frame: Frame, options: DecodeOptions = {}, resultColumns?: readonly ColumnSpec[]): Response {
  if (!frame.isResponse) throw new ProtocolError(`Expected a response frame, got a request (${opcodeName(frame.opcode)})`);
  let body = frame.body;
  if (frame.flags & HeaderFlag.Compression && frame.version < 5) {
    if (!options.compressor) throw new ProtocolError('Compressed frame but no compression was negotiated');
    body = decompressBody(body, options.compressor, options.maxBodyLength);
  }
  const r = new Reader(body);
  const tracingId = frame.flags & HeaderFlag.Tracing ? r.uuid() : null;
  const warnings = frame.flags & HeaderFlag.Warning ? r.stringList() : null;
  const customPayload = frame.flags & HeaderFlag.CustomPayload ? r.bytesMap() : null;
  return { stream: frame.stream, tracingId, warnings, customPayload, message: readMessage(frame, r, options, resultColumns) };
}

function readMessage(frame: Frame, r: Reader, options: DecodeOptions, resultColumns: readonly ColumnSpec[] | undefined): ResponseMessage {
  switch (frame.opcode) {
    case Opcode.Error: return { opcode: Opcode.Error, error: serverErrorFromBody(r, frame.version) };
    case Opcode.Ready: return { opcode: Opcode.Ready };
    case Opcode.Authenticate: return { opcode: Opcode.Authenticate, authenticator: r.string() };
    case Opcode.Supported: return { opcode: Opcode.Supported, options: r.stringMultimap() };
    case Opcode.Result: return { opcode: Opcode.Result, result: readResult(r, frame.version, options, resultColumns) };
    case Opcode.Event: return { opcode: Opcode.Event, event: readEvent(r) };
    case Opcode.AuthChallenge: return { opcode: Opcode.AuthChallenge, token: copy(r.bytes()) };
    case Opcode.AuthSuccess: return { opcode: Opcode.AuthSuccess, token: copy(r.bytes()) };
    default: throw new ProtocolError(`Unexpected response opcode ${opcodeName(frame.opcode)}`);
  }
}

function copy(b: Buffer | null): Buffer | null {
  return b === null ? null : Buffer.from(b);
}
