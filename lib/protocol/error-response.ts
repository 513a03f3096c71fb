/** ERROR message bodies (spec v5 section 8, v4 section 9) → the typed classes of server-errors.ts. */
import { ProtocolError } from '../errors/codec-errors';
import * as E from '../errors/server-errors';
import { ServerErrorCode as C } from '../errors/server-errors';
import type { ProtocolVersion } from './opcodes';
import { Reader } from './reader';

/**
 * Decodes an ERROR body: [int] code, [string] message, then the code's extra fields.
 * Accepts a Buffer (the whole body) or a Reader positioned at the code.
 * Malformed bodies raise `ProtocolError`; unknown codes give `UnknownResponseError`.
 */
export function serverErrorFromBody(body: Buffer | Reader, version: ProtocolVersion): E.ResponseError {
  const r = body instanceof Reader ? body : new Reader(body);
  const code = r.int();
  const msg = r.string();
  switch (code) {
    case C.ServerError: return new E.ServerError(msg);
    case C.ProtocolError: return new E.ServerProtocolError(msg);
    case C.BadCredentials: return new E.AuthenticationError(msg);
    case C.Unavailable: return new E.UnavailableError(msg, r.consistency(), r.int(), r.int());
    case C.Overloaded: return new E.OverloadedError(msg);
    case C.IsBootstrapping: return new E.BootstrappingError(msg);
    case C.TruncateError: return new E.TruncateError(msg);
    case C.WriteTimeout: {
      const cl = r.consistency();
      const received = r.int();
      const blockFor = r.int();
      const writeType = r.string();
      // v5: <contentions> [short] follows when the write type is CAS.
      const contentions = version >= 5 && writeType === 'CAS' ? r.short() : null;
      return new E.WriteTimeoutError(msg, cl, received, blockFor, writeType, contentions);
    }
    case C.ReadTimeout:
      return new E.ReadTimeoutError(msg, r.consistency(), r.int(), r.int(), r.byte() !== 0);
    case C.ReadFailure: {
      const cl = r.consistency();
      const received = r.int();
      const blockFor = r.int();
      const { numFailures, reasonMap } = failures(r, version);
      return new E.ReadFailureError(msg, cl, received, blockFor, numFailures, reasonMap, r.byte() !== 0);
    }
    case C.FunctionFailure: return new E.FunctionFailureError(msg, r.string(), r.string(), r.stringList());
    case C.WriteFailure: {
      const cl = r.consistency();
      const received = r.int();
      const blockFor = r.int();
      const { numFailures, reasonMap } = failures(r, version);
      return new E.WriteFailureError(msg, cl, received, blockFor, numFailures, reasonMap, r.string());
    }
    case C.CdcWriteFailure: return new E.CdcWriteFailureError(msg);
    case C.CasWriteUnknown: return new E.CasWriteUnknownError(msg, r.consistency(), r.int(), r.int());
    case C.SyntaxError: return new E.CqlSyntaxError(msg);
    case C.Unauthorized: return new E.UnauthorizedError(msg);
    case C.Invalid: return new E.InvalidQueryError(msg);
    case C.ConfigError: return new E.ConfigurationError(msg);
    case C.AlreadyExists: return new E.AlreadyExistsError(msg, r.string(), r.string());
    // Copy: the id is kept to re-prepare after the frame is gone.
    case C.Unprepared: return new E.UnpreparedError(msg, Buffer.from(r.shortBytes()));
    default: return new E.UnknownResponseError(msg, code);
  }
}

/** v4: <numfailures> [int]; v5: <reasonmap> = [int] n, then n × ([inetaddr], [short] code). */
function failures(r: Reader, version: ProtocolVersion): E.FailureDetails {
  const n = r.int();
  if (version < 5) return { numFailures: n, reasonMap: null };
  if (n < 0) throw new ProtocolError(`Negative <reasonmap> size ${n}`);
  const reasonMap = new Map<string, number>();
  for (let i = 0; i < n; i++) reasonMap.set(r.inetAddr(), r.short());
  return { numFailures: n, reasonMap };
}
