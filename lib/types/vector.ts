/**
 * `vector<element, n>` bytes (Cassandra's VectorType): n elements, never null. Fixed-size elements
 * (boolean, int, float, bigint, double, timestamp, uuid, timeuuid) are packed without lengths; any
 * other element is preceded by its length as an [unsigned vint]. Float/double/int vectors map to
 * typed arrays.
 */
import type { DataType, VectorType } from './data-type';
import { invalidValue, malformed, nestedTarget } from './codec-errors';
import type { ElementEncoder } from './encode-composite';
import type { ResolvedDecodeOptions } from './options';
import { encodeUnsignedVint, readUnsignedVint } from './vint';

/** The byte size of every value of `type` when Cassandra packs it without a length, else -1. */
export function fixedSizeOf(type: DataType): number {
  switch (type.kind) {
    case 'boolean':
      return 1;
    case 'int':
    case 'float':
      return 4;
    case 'bigint':
    case 'counter':
    case 'double':
    case 'timestamp':
      return 8;
    case 'uuid':
    case 'timeuuid':
      return 16;
    case 'vector': {
      const size = fixedSizeOf(type.element);
      return size < 0 ? -1 : size * type.dimension;
    }
    default:
      return -1;
  }
}

function elementsOf(value: unknown): ArrayLike<unknown> | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array) return value;
  return undefined;
}

export function encodeVector(type: VectorType, value: unknown, target: string, encode: ElementEncoder): Buffer {
  const elements = elementsOf(value);
  if (!elements) throw invalidValue(type, value, target, 'expected an array (or a Float32Array, Float64Array, Int32Array)');
  if (elements.length !== type.dimension) {
    throw invalidValue(type, value, target, `expected ${type.dimension} elements, got ${elements.length}`);
  }
  const size = fixedSizeOf(type.element);
  if (size > 0 && type.element.kind === 'float' && value instanceof Float32Array) {
    const out = Buffer.allocUnsafe(4 * value.length);
    for (let i = 0; i < value.length; i++) out.writeFloatBE(value[i] ?? 0, i * 4);
    return out;
  }
  const parts: Buffer[] = [];
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    const child = nestedTarget(target, `element ${i}`);
    if (element === null || element === undefined) throw invalidValue(type.element, element, child, 'vector elements cannot be null');
    const bytes = encode(type.element, element, child);
    if (bytes === null) throw invalidValue(type.element, element, child, 'vector elements cannot be null');
    if (size < 0) parts.push(encodeUnsignedVint(BigInt(bytes.length)));
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/** Decode one nested value from `buf[start, end)`. */
export type ElementDecoder = (type: DataType, buf: Buffer, start: number, end: number) => unknown;

export function decodeVector(
  type: VectorType, buf: Buffer, start: number, end: number, options: ResolvedDecodeOptions, decode: ElementDecoder,
): unknown {
  const n = type.dimension;
  const size = fixedSizeOf(type.element);
  const length = end - start;
  if (size > 0) {
    if (length !== size * n) throw malformed(type, `expected ${size * n} bytes, got ${length}`);
    if (options.vectorTypedArrays) {
      if (type.element.kind === 'float') {
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = buf.readFloatBE(start + 4 * i);
        return out;
      }
      if (type.element.kind === 'double') {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = buf.readDoubleBE(start + 8 * i);
        return out;
      }
      if (type.element.kind === 'int') {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = buf.readInt32BE(start + 4 * i);
        return out;
      }
    }
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = decode(type.element, buf, start + size * i, start + size * (i + 1));
    return out;
  }
  // Each variable-size element takes at least its 1-byte length: reject impossible dimensions early.
  if (n > length) throw malformed(type, `${n} elements cannot fit in ${length} bytes`);
  const out: unknown[] = [];
  let pos = start;
  for (let i = 0; i < n; i++) {
    const read = readUnsignedVint(buf, pos, end);
    if (read.value > BigInt(end - read.next)) throw malformed(type, `element ${i} claims ${read.value} bytes, ${end - read.next} left`);
    const elementEnd = read.next + Number(read.value);
    out.push(decode(type.element, buf, read.next, elementEnd));
    pos = elementEnd;
  }
  if (pos !== end) throw malformed(type, `${end - pos} bytes left after ${n} elements`);
  return out;
}
