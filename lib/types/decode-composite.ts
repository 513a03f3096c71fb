/**
 * Decoders of the composite CQL types: list, set, map, tuple, UDT. Every length is checked against
 * the bytes that remain before anything is allocated, so a count not backed by bytes fails fast
 * with `ProtocolError`.
 */
import type { DataType, ListType, MapType, SetType, TupleType, UdtType } from './data-type';
import { malformed } from './codec-errors';
import type { ElementDecoder } from './vector';
import { Tuple } from './tuple';

/** Reads successive [bytes] items of one cell; `-1` is null, any other negative length is malformed. */
class ItemReader {
  constructor(private readonly type: DataType, private readonly buf: Buffer, public pos: number, private readonly end: number) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  count(): number {
    if (this.remaining < 4) throw malformed(this.type, `no room for the element count (${this.remaining} bytes)`);
    const n = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    if (n < 0) throw malformed(this.type, `negative element count ${n}`);
    // Every item needs at least its 4-byte length.
    if (n > this.remaining / 4) throw malformed(this.type, `${n} items cannot fit in ${this.remaining} bytes`);
    return n;
  }

  item(type: DataType, decode: ElementDecoder): unknown {
    if (this.remaining < 4) throw malformed(this.type, `truncated item length (${this.remaining} bytes left)`);
    const length = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    if (length === -1) return null;
    if (length < 0) throw malformed(this.type, `invalid item length ${length}`);
    if (length > this.remaining) throw malformed(this.type, `item of ${length} bytes, only ${this.remaining} left`);
    const start = this.pos;
    this.pos += length;
    return decode(type, this.buf, start, this.pos);
  }

  done(): void {
    if (this.pos !== this.end) throw malformed(this.type, `${this.end - this.pos} unexpected trailing bytes`);
  }
}

export function decodeList(type: ListType, buf: Buffer, start: number, end: number, decode: ElementDecoder): unknown[] {
  const reader = new ItemReader(type, buf, start, end);
  const n = reader.count();
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = reader.item(type.element, decode);
  reader.done();
  return out;
}

export function decodeSet(type: SetType, buf: Buffer, start: number, end: number, decode: ElementDecoder): Set<unknown> {
  const reader = new ItemReader(type, buf, start, end);
  const n = reader.count();
  const out = new Set<unknown>();
  for (let i = 0; i < n; i++) out.add(reader.item(type.element, decode));
  reader.done();
  return out;
}

export function decodeMap(type: MapType, buf: Buffer, start: number, end: number, decode: ElementDecoder): Map<unknown, unknown> {
  const reader = new ItemReader(type, buf, start, end);
  const n = reader.count();
  const out = new Map<unknown, unknown>();
  for (let i = 0; i < n; i++) {
    const key = reader.item(type.key, decode);
    out.set(key, reader.item(type.value, decode));
  }
  reader.done();
  return out;
}

/** Tuple elements; bytes that end early leave the remaining elements null. */
export function decodeTuple(type: TupleType, buf: Buffer, start: number, end: number, decode: ElementDecoder): Tuple {
  const reader = new ItemReader(type, buf, start, end);
  const out = type.elements.map((elementType) => (reader.remaining > 0 ? reader.item(elementType, decode) : null));
  reader.done();
  return new Tuple(out);
}

/**
 * A plain object with one property per field, in field order. Cells written before fields were
 * added hold fewer values (spec section 7): the missing fields are null.
 */
export function decodeUdt(type: UdtType, buf: Buffer, start: number, end: number, decode: ElementDecoder): Record<string, unknown> {
  const reader = new ItemReader(type, buf, start, end);
  const out: Record<string, unknown> = {};
  for (const field of type.fields) {
    const value = reader.remaining > 0 ? reader.item(field.type, decode) : null;
    Object.defineProperty(out, field.name, { value, enumerable: true, writable: true, configurable: true });
  }
  reader.done();
  return out;
}
