import { ProtocolError } from '../../lib/errors/codec-errors';
import { crc24 } from '../../lib/protocol/crc';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import type { Frame } from '../../lib/protocol/frame-header';
import { SegmentDecoder } from '../../lib/protocol/segment-decoder';
import { SegmentEncoder, VIEW_THRESHOLD } from '../../lib/protocol/segment-encoder';
import { COMPRESSED_HEADER_LENGTH, MAX_SEGMENT_PAYLOAD, TRAILER_LENGTH, UNCOMPRESSED_HEADER_LENGTH, readSegmentHeader } from '../../lib/protocol/segment-format';
import { hex } from './hex';

const READY = hex('84 00 0001 02 00000000'); // a 9-byte frame (v4-style header bytes, fine as payload)
const READY_V5 = hex('85 00 0001 02 00000000');

/** Expected bytes computed outside our code (Python: bit-serial CRC24, zlib.crc32 with the seed). */
const READY_SEGMENT = hex(`
  09 00 02       # 24-bit LE: payload length 9 | self-contained (bit 17)
  a4 c8 c1       # CRC24 of the 3 header bytes, LE
  840000010200000000  # payload: the frame
  a9 9d 7a 45    # CRC32 (seeded FA 2D 55 CA) of the payload, LE
`);
const READY_SEGMENT_STORED_LZ4 = hex(`
  09 00 00 00 04 # 40-bit LE: compressed length 9 | uncompressed length 0 (stored as-is) | self-contained (bit 34)
  c2 b8 95       # CRC24 of the 5 header bytes, LE
  840000010200000000
  a9 9d 7a 45
`);

function frameV5(stream: number, bodyLength: number, fill = 0x41): Buffer {
  const f = Buffer.alloc(9 + bodyLength, fill);
  f[0] = 0x85; f[1] = 0; f.writeInt16BE(stream, 2); f[4] = 0x08; f.writeInt32BE(bodyLength, 5);
  return f;
}

function decodeAll(d: SegmentDecoder, bytes: Buffer, step = bytes.length): Frame[] {
  const out: Frame[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(...d.push(bytes.subarray(i, i + step)));
  return out;
}

describe('v5 segments: hand-built vectors', () => {
  it('encodes an uncompressed self-contained segment byte for byte', () => {
    expect(new SegmentEncoder().encode([READY])).toEqual([READY_SEGMENT]);
  });
  it('stores an incompressible payload as-is in LZ4 mode (uncompressed length 0)', () => {
    expect(new SegmentEncoder({ compressor: new Lz4Compressor() }).encode([READY])).toEqual([READY_SEGMENT_STORED_LZ4]);
  });
  it('decodes both vectors', () => {
    const f1 = new SegmentDecoder().push(READY_SEGMENT.subarray());
    expect(f1.map((f) => f.opcode)).toEqual([0x02]);
    const f2 = new SegmentDecoder({ compressor: new Lz4Compressor() }).push(READY_SEGMENT_STORED_LZ4);
    expect(f2.map((f) => f.stream)).toEqual([1]);
  });
  it('parses a compressed header with all fields', () => {
    // compressed 0x1ffff, uncompressed 0x1ffff, self-contained: low32 = 0xffffffff, high = 0x07
    const h = readSegmentHeader(Buffer.concat([hex('ffffffff07'), crcLE(hex('ffffffff07'))]), 0, true);
    expect(h).toEqual({ payloadLength: 0x1ffff, uncompressedLength: 0x1ffff, selfContained: true });
  });
});

function crcLE(b: Buffer): Buffer {
  const c = crc24(b);
  return Buffer.from([c & 0xff, (c >> 8) & 0xff, c >> 16]);
}

/** Segments in `wire`, walked by their headers. */
function countSegments(wire: Buffer, compressed: boolean): number {
  const headerLength = compressed ? COMPRESSED_HEADER_LENGTH : UNCOMPRESSED_HEADER_LENGTH;
  let n = 0;
  for (let at = 0; at < wire.length; n++) at += headerLength + readSegmentHeader(wire, at, compressed).payloadLength + TRAILER_LENGTH;
  return n;
}

describe('v5 segments: round trips', () => {
  const compressors = [['plain', null], ['lz4', new Lz4Compressor()]] as const;

  it.each(compressors)('packs several small frames into one self-contained segment (%s)', (_n, compressor) => {
    const frames = [READY_V5, frameV5(2, 100), frameV5(3, 1000, 0x42)];
    const segments = new SegmentEncoder({ compressor }).encode(frames);
    expect(segments).toHaveLength(1);
    const out = decodeAll(new SegmentDecoder({ compressor }), Buffer.concat(segments));
    expect(out.map((f) => f.stream)).toEqual([1, 2, 3]);
    expect(out[2]?.body.equals(Buffer.alloc(1000, 0x42))).toBe(true);
  });

  it.each(compressors)('splits a 300 KB frame over non-self-contained segments (%s)', (_n, compressor) => {
    const big = frameV5(7, 300_000);
    for (let i = 9; i < big.length; i += 97) big[i] = i & 0xff;
    const segments = new SegmentEncoder({ compressor }).encode([READY_V5, big, READY_V5]);
    const wire = Buffer.concat(segments);
    expect(countSegments(wire, compressor !== null)).toBe(1 + Math.ceil(big.length / MAX_SEGMENT_PAYLOAD) + 1);
    for (const step of [wire.length, 65536, 1000, 7]) {
      const out = decodeAll(new SegmentDecoder({ compressor }), wire, step);
      expect(out.map((f) => f.stream)).toEqual([1, 7, 1]);
      expect(out[1]?.body.equals(big.subarray(9))).toBe(true);
    }
  });

  it('copies a large frame that spans socket reads once, into the frame, not first into each segment', () => {
    const big = frameV5(9, 300_000);
    for (let i = 9; i < big.length; i += 89) big[i] = (i * 5) & 0xff;
    const wire = Buffer.concat(new SegmentEncoder().encode([big]));
    const copy = jest.spyOn(Buffer.prototype, 'copy');
    try {
      const out = decodeAll(new SegmentDecoder(), wire, 16 * 1024);
      expect(out.map((f) => f.stream)).toEqual([9]);
      expect(out[0]?.body.equals(big.subarray(9))).toBe(true);
      const copied = copy.mock.calls.reduce((n, args, i) => {
        const source = copy.mock.contexts[i] as Buffer;
        return n + Math.min(Number(args[3] ?? source.length), source.length) - Number(args[2] ?? 0);
      }, 0);
      // The frame's bytes once, plus segment headers and trailers (10 bytes a segment).
      expect(copied).toBeLessThan(big.length + 100);
      expect(copied).toBeGreaterThanOrEqual(big.length);
    } finally {
      copy.mockRestore();
    }
  });

  it('checks the CRC32 of a large frame\'s segment that spans reads before any of it reaches a frame', () => {
    const big = frameV5(9, 200_000);
    const wire = Buffer.concat(new SegmentEncoder().encode([big]));
    const bad = Buffer.from(wire);
    const last = bad.length - TRAILER_LENGTH - 10;
    bad[last] = (bad[last] as number) ^ 0x20;
    const d = new SegmentDecoder();
    const out: Frame[] = [];
    expect(() => { for (let i = 0; i < bad.length; i += 5000) out.push(...d.push(bad.subarray(i, i + 5000))); }).toThrow(/CRC32/);
    expect(out).toEqual([]);
    expect(() => d.push(READY_SEGMENT)).toThrow(ProtocolError);
  });

  it('writes an uncompressed segment of one large frame around the frame\'s own bytes (no copy), valid at every chunking', () => {
    const frame = frameV5(4, 100 * 1024);
    for (let i = 9; i < frame.length; i += 13) frame[i] = (i * 7) & 0xff;
    const out = new SegmentEncoder().encode([frame]);
    expect(out).toHaveLength(3);
    expect(out[1]).toBe(frame);
    expect([out[0]?.length, out[2]?.length]).toEqual([UNCOMPRESSED_HEADER_LENGTH, TRAILER_LENGTH]);
    const wire = Buffer.concat(out);
    expect(countSegments(wire, false)).toBe(1);
    for (const step of [wire.length, 65536, 4096, 1000]) {
      const [decoded] = decodeAll(new SegmentDecoder(), wire, step);
      expect(decoded?.stream).toBe(4);
      expect(decoded?.body.equals(frame.subarray(9))).toBe(true);
    }
    // Below the threshold, and with several frames, the payload is copied into one buffer.
    expect(new SegmentEncoder().encode([frameV5(5, VIEW_THRESHOLD - 100)])).toHaveLength(1);
    expect(new SegmentEncoder({ compressor: new Lz4Compressor() }).encode([frame])).toHaveLength(1);
  });

  it('compresses compressible payloads', () => {
    const segs = new SegmentEncoder({ compressor: new Lz4Compressor() }).encode([frameV5(1, 5000)]);
    expect(segs[0]?.length).toBeLessThan(1000);
    const h = readSegmentHeader(segs[0] ?? Buffer.alloc(0), 0, true);
    expect(h.uncompressedLength).toBe(5009);
  });

  it('decodes at every split point and one byte at a time', () => {
    const wire = Buffer.concat(new SegmentEncoder().encode([READY_V5, frameV5(2, 40)]));
    for (let i = 0; i <= wire.length; i++) {
      const d = new SegmentDecoder();
      const out = [...d.push(wire.subarray(0, i)), ...d.push(wire.subarray(i))];
      expect(out.map((f) => f.stream)).toEqual([1, 2]);
    }
    expect(decodeAll(new SegmentDecoder(), wire, 1)).toHaveLength(2);
  });
});

describe('v5 segments: corruption', () => {
  it('rejects a bad header CRC24', () => {
    const bad = Buffer.from(READY_SEGMENT);
    bad[3] = (bad[3] as number) ^ 1;
    expect(() => new SegmentDecoder().push(bad)).toThrow(/CRC24/);
  });
  it('rejects a bad payload CRC32', () => {
    const bad = Buffer.from(READY_SEGMENT);
    bad[8] = (bad[8] as number) ^ 1;
    expect(() => new SegmentDecoder().push(bad)).toThrow(/CRC32/);
  });
  it('rejects a partial frame in a self-contained segment', () => {
    const wire = new SegmentEncoder().encode([READY_V5.subarray(0, 8)])[0] ?? Buffer.alloc(0);
    expect(() => new SegmentDecoder().push(wire)).toThrow(ProtocolError);
  });
  it('rejects a self-contained segment in the middle of a large frame', () => {
    const wire = Buffer.concat(new SegmentEncoder().encode([frameV5(1, 200_000)]));
    const first = wire.subarray(0, UNCOMPRESSED_HEADER_LENGTH + MAX_SEGMENT_PAYLOAD + TRAILER_LENGTH);
    expect(readSegmentHeader(first, 0, false)).toMatchObject({ payloadLength: MAX_SEGMENT_PAYLOAD, selfContained: false });
    const small = new SegmentEncoder().encode([READY_V5]);
    const d = new SegmentDecoder();
    expect(() => d.push(Buffer.concat([first, ...small]))).toThrow(/large frame/);
  });
});
