/**
 * The public decoder: `createCellDecoder(options)` for the protocol's ROWS decoder and
 * `decodeValue(type, bytes)` for everything else. Fixed-size scalars are read in place
 * (`buf.readInt32BE(start)` …, no subarray). Blobs are copied: they outlive the frame.
 * Malformed bytes raise `ProtocolError` and nothing else.
 */
import Long from 'long';
import { ProtocolError } from '../errors/codec-errors';
import type { CellDecoder } from './cell-decoder';
import type { DataType } from './data-type';
import { malformed } from './codec-errors';
import { resolveDecodeOptions, type DecodeOptions, type ResolvedDecodeOptions } from './options';
import { varintToBigint } from './varint';
import { readVint } from './vint';
import { decodeList, decodeMap, decodeSet, decodeTuple, decodeUdt } from './decode-composite';
import { decodeVector, type ElementDecoder } from './vector';
import { Uuid } from './uuid';
import { TimeUuid } from './time-uuid';
import { LocalDate } from './local-date';
import { LocalTime } from './local-time';
import { Duration } from './duration';
import { InetAddress } from './inet-address';
import { BigDecimal } from './big-decimal';

const EPOCH_DAY_OFFSET = 2147483648;
const TWO_POW_32 = 4294967296;

/**
 * Zero bytes are the legacy "empty" value (spec section 6): null for types that have no empty
 * value; any other wrong length is malformed.
 */
function wrongLength(type: DataType, length: number, expected: string): null {
  if (length === 0) return null;
  throw malformed(type, `expected ${expected} bytes, got ${length}`);
}

/** Run a value-class constructor on wire data; its `RangeError`/`TypeError` becomes `ProtocolError`. */
function guarded<T>(type: DataType, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw malformed(type, e instanceof Error ? e.message : String(e));
  }
}

function decodeDuration(type: DataType, buf: Buffer, start: number, end: number): Duration | null {
  if (end === start) return null;
  return guarded(type, () => {
    const months = readVint(buf, start, end);
    const days = readVint(buf, months.next, end);
    const nanos = readVint(buf, days.next, end);
    if (nanos.next !== end) throw malformed(type, `${end - nanos.next} unexpected trailing bytes`);
    return new Duration(Number(months.value), Number(days.value), nanos.value);
  });
}

function decodeAscii(type: DataType, buf: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    if ((buf[i] ?? 0) > 127) throw malformed(type, `byte 0x${(buf[i] ?? 0).toString(16)} at ${i - start} is not ASCII`);
  }
  return buf.toString('latin1', start, end);
}

/** Decode `buf[start, end)` as `type` with resolved options (the hot path; no allocation for scalars). */
export function decodeAt(type: DataType, buf: Buffer, start: number, end: number, o: ResolvedDecodeOptions): unknown {
  const length = end - start;
  switch (type.kind) {
    case 'int':
      return length === 4 ? buf.readInt32BE(start) : wrongLength(type, length, '4');
    case 'text':
      return buf.toString('utf8', start, end);
    case 'bigint':
    case 'counter':
      if (length !== 8) return wrongLength(type, length, '8');
      return o.useBigInt ? buf.readBigInt64BE(start) : Long.fromBits(buf.readInt32BE(start + 4), buf.readInt32BE(start));
    case 'double':
      return length === 8 ? buf.readDoubleBE(start) : wrongLength(type, length, '8');
    case 'float':
      return length === 4 ? buf.readFloatBE(start) : wrongLength(type, length, '4');
    case 'boolean':
      return length === 1 ? buf[start] !== 0 : wrongLength(type, length, '1');
    case 'smallint':
      return length === 2 ? buf.readInt16BE(start) : wrongLength(type, length, '2');
    case 'tinyint':
      return length === 1 ? buf.readInt8(start) : wrongLength(type, length, '1');
    case 'timestamp':
      if (length !== 8) return wrongLength(type, length, '8');
      return new Date(buf.readInt32BE(start) * TWO_POW_32 + buf.readUInt32BE(start + 4));
    case 'uuid':
      return length === 16 ? Uuid.fromBytes(buf, start) : wrongLength(type, length, '16');
    case 'timeuuid':
      return length === 16 ? guarded(type, () => TimeUuid.fromBytes(buf, start)) : wrongLength(type, length, '16');
    case 'ascii':
      return decodeAscii(type, buf, start, end);
    case 'blob':
    case 'custom':
      return Buffer.from(buf.subarray(start, end)); // a copy: the frame's buffer is reused
    case 'date':
      if (length !== 4) return wrongLength(type, length, '4');
      return LocalDate.fromEpochDay(buf.readUInt32BE(start) - EPOCH_DAY_OFFSET);
    case 'time':
      if (length !== 8) return wrongLength(type, length, '8');
      return guarded(type, () => LocalTime.fromNanoOfDay(buf.readBigInt64BE(start)));
    case 'varint':
      return length === 0 ? null : varintToBigint(buf, start, end);
    case 'decimal':
      if (length < 5) return wrongLength(type, length, 'at least 5');
      return new BigDecimal(varintToBigint(buf, start + 4, end), buf.readInt32BE(start));
    case 'duration':
      return decodeDuration(type, buf, start, end);
    case 'inet':
      return length === 4 || length === 16 ? new InetAddress(buf.subarray(start, end)) : wrongLength(type, length, '4 or 16');
    case 'list':
      return length === 0 ? null : decodeList(type, buf, start, end, nestedDecoder(o));
    case 'set':
      return length === 0 ? null : decodeSet(type, buf, start, end, nestedDecoder(o));
    case 'map':
      return length === 0 ? null : decodeMap(type, buf, start, end, nestedDecoder(o));
    case 'tuple':
      return length === 0 ? null : decodeTuple(type, buf, start, end, nestedDecoder(o));
    case 'udt':
      return length === 0 ? null : decodeUdt(type, buf, start, end, nestedDecoder(o));
    case 'vector':
      return length === 0 ? null : decodeVector(type, buf, start, end, o, nestedDecoder(o));
  }
}

const nestedDecoders = new WeakMap<ResolvedDecodeOptions, ElementDecoder>();

/** The element decoder of composite values, made once per options object. */
function nestedDecoder(o: ResolvedDecodeOptions): ElementDecoder {
  let decoder = nestedDecoders.get(o);
  if (decoder === undefined) {
    decoder = (t, b, s, e) => decodeAt(t, b, s, e, o);
    nestedDecoders.set(o, decoder);
  }
  return decoder;
}

/** The `CellDecoder` the protocol's ROWS decoder calls for every non-null cell. */
export function createCellDecoder(options?: DecodeOptions): CellDecoder {
  const resolved = resolveDecodeOptions(options);
  return {
    decode(type: DataType, buf: Buffer, start: number, end: number): unknown {
      if (start < 0 || end > buf.length || start > end) {
        throw new ProtocolError(`Cell bounds [${start}, ${end}) outside a ${buf.length}-byte buffer`);
      }
      return decodeAt(type, buf, start, end, resolved);
    },
  };
}

/** Decode one whole value (`null` bytes decode to null). */
export function decodeValue(type: DataType, bytes: Buffer | null, options?: DecodeOptions): unknown {
  if (bytes === null) return null;
  return decodeAt(type, bytes, 0, bytes.length, resolveDecodeOptions(options));
}
