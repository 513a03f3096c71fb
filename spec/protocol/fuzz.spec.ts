/**
 * Hostile input: mutated frames, v4 compressed frames and v5 segment streams must make the
 * decoders throw nothing but ProtocolError, terminate, and never allocate in proportion to a
 * length the input does not contain. FUZZ_CASES=<n> runs more cases (default 100,000).
 */
import { ProtocolError } from '../../lib/errors/codec-errors';
import { compressBody } from '../../lib/protocol/body-compression';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { FrameDecoder } from '../../lib/protocol/frame-decoder';
import { decodeResponse } from '../../lib/protocol/response';
import { SegmentDecoder } from '../../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../../lib/protocol/segment-encoder';
import type { CellDecoder } from '../../lib/types/cell-decoder';
import { hex, utf8 } from './hex';

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const lz4 = new Lz4Compressor();
const cells: CellDecoder = { decode: (_t, buf, start, end) => buf.subarray(start, end) };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withLength(h: string): Buffer {
  const b = hex(h);
  b.writeInt32BE(b.length - 9, 5);
  return b;
}

/** A [string] as hex. */
const str = (x: string): string => `${Buffer.byteLength(x).toString(16).padStart(4, '0')} ${utf8(x)}`;

const BODIES = [
  `00000002 00000001 00000002 0002 ${utf8('ks')} 0001 74 0001 6b 0009 0001 76 0021 000d 0030 0002 ${utf8('ks')} 0001 75 0001 0001 66 0031 0002 0009 0020 0003
   00000002 00000004 00000001 00000008 0000000100000002 00000004 00000002 ffffffff`,
  `00000002 00000006 00000002 00000002 cafe 00000001 00000004 00000007`,
  `00000004 0002 cafe 0002 beef 00000001 00000001 00000001 0000 0002 ${utf8('ks')} 0001 74 0001 6b 0000 ${str('org.apache.cassandra.db.marshal.VectorType(FloatType,3)')} 00000005 00000001 0002 abcd`,
  `00000005 0007 ${utf8('DROPPED')} 0008 ${utf8('FUNCTION')} 0002 ${utf8('ks')} 0001 66 0001 0003 ${utf8('int')}`,
  `00001300 0001 78 0004 00000001 00000002 00000001 04 0a000001 0001 01`,
  `00001100 0001 78 0008 00000001 00000002 0003 ${utf8('CAS')} 0005`,
  `00002500 0001 78 0002 cafe`,
  `000f ${utf8('TOPOLOGY_CHANGE')} 0008 ${utf8('NEW_NODE')} 10 00000000000000000000000000000001 00002352`,
  `0001 000b ${utf8('COMPRESSION')} 0001 0003 ${utf8('lz4')}`,
];
const OPCODES = ['08', '08', '08', '08', '00', '00', '00', '0c', '06'];

const FRAMES: Buffer[] = BODIES.flatMap((body, i) => {
  const op = OPCODES[i] ?? '08';
  return [
    withLength(`85 00 0001 ${op} 00000000 ${body}`),
    withLength(`85 0e 0002 ${op} 00000000 000102030405060708090a0b0c0d0e0f 0001 0001 77 0001 0001 70 00000001 ff ${body}`),
  ];
});
// v4 + body compression, for bodies whose layout is the same in v4 and v5 (rows, schema change).
const COMPRESSED: Buffer[] = [0, 1, 2, 3, 6, 7].map((i) => FRAMES[i] ?? Buffer.alloc(0)).map((f) => {
  const body = compressBody(f.subarray(9), lz4);
  const out = Buffer.concat([f.subarray(0, 9), body]);
  out[0] = 0x84;
  out[1] = (out[1] as number) | 0x01;
  out.writeInt32BE(body.length, 5);
  return out;
});
const SEGMENTS_PLAIN = Buffer.concat(new SegmentEncoder().encode(FRAMES.slice(0, 8)));
const SEGMENTS_LZ4 = Buffer.concat(new SegmentEncoder({ compressor: lz4 }).encode(FRAMES.slice(4, 12)));
const BIG = withLength(`85 00 0003 08 00000000 00000001 ${'00'.repeat(140_000)}`);
const SEGMENTS_SPLIT = Buffer.concat(new SegmentEncoder().encode([BIG]));

const INTERESTING = [0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff, 0x10000000, 0x0001ffff, 0];

function mutate(src: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(src);
  const pos = (): number => Math.floor(rnd() * b.length);
  const rounds = 1 + Math.floor(rnd() * 3);
  let out = b;
  for (let k = 0; k < rounds; k++) {
    const p = pos();
    switch (Math.floor(rnd() * 7)) {
      case 0: out[p] = (out[p] as number) ^ (1 << Math.floor(rnd() * 8)); break;
      case 1: out[p] = Math.floor(rnd() * 256); break;
      case 2: out = out.subarray(0, Math.floor(rnd() * out.length)); break;
      case 3: if (p + 4 <= out.length) out.writeUInt32BE(INTERESTING[Math.floor(rnd() * INTERESTING.length)] ?? 0, p); break;
      case 4: if (p + 2 <= out.length) out.writeUInt16BE(rnd() < 0.5 ? 0xffff : Math.floor(rnd() * 0x40), p); break;
      case 5: if (out.length > 4) out[4] = Math.floor(rnd() * 0x20); break; // opcode
      default: out = Buffer.concat([out.subarray(0, p), Buffer.from([Math.floor(rnd() * 256)]), out.subarray(p)]);
    }
  }
  return out;
}

/** Feeds `input` in random chunks; returns nothing, throws only what the decoders throw. */
function run(kind: number, input: Buffer, rnd: () => number): void {
  const split = (): Buffer[] => {
    const parts: Buffer[] = [];
    for (let i = 0; i < input.length; ) {
      const n = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 4 : input.length));
      parts.push(input.subarray(i, i + n));
      i += n;
    }
    return parts;
  };
  const frames = kind < 2
    ? (() => { const d = new FrameDecoder({ maxBodyLength: 1 << 20 }); return split().flatMap((c) => d.push(c)); })()
    : (() => {
        const d = new SegmentDecoder({ compressor: kind === 3 ? lz4 : null, maxBodyLength: 1 << 20 });
        return split().flatMap((c) => d.push(c));
      })();
  for (const f of frames) decodeResponse(f, { compressor: lz4, cellDecoder: cells, maxBodyLength: 1 << 20 });
}

describe('fuzz: decoders under hostile input', () => {
  it(`throws only ProtocolError over ${CASES} mutated inputs, with bounded allocation`, () => {
    const rnd = mulberry32(0xc0ffee);
    const sources: Array<[number, Buffer]> = [
      ...FRAMES.map((f): [number, Buffer] => [0, f]),
      ...COMPRESSED.map((f): [number, Buffer] => [1, f]),
      [2, SEGMENTS_PLAIN], [3, SEGMENTS_LZ4],
    ];
    // Sanity: the unmutated corpus decodes.
    for (const [kind, input] of sources) run(kind, input, rnd);
    run(2, SEGMENTS_SPLIT, rnd);

    const original = { alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe };
    let worst = 0;
    let limit = Infinity;
    const guard = <T extends (size: number, ...rest: never[]) => Buffer>(fn: T): T =>
      ((size: number, ...rest: never[]) => {
        if (size > limit) throw new Error(`allocation of ${size} bytes for a ${limit}-byte allowance`);
        if (limit !== Infinity) worst = Math.max(worst, size);
        return fn(size, ...rest);
      }) as T;
    Buffer.alloc = guard(original.alloc);
    Buffer.allocUnsafe = guard(original.allocUnsafe);
    const unexpected: string[] = [];
    let protocolErrors = 0;
    try {
      for (let i = 0; i < CASES; i++) {
        const [kind, src] = i % 500 === 0 ? [2, SEGMENTS_SPLIT] as [number, Buffer]
          : sources[Math.floor(rnd() * sources.length)] ?? [0, Buffer.alloc(0)];
        limit = Infinity; // the test's own allocations are not checked
        const input = mutate(src, rnd);
        // LZ4 can legitimately expand 255×; segments decompress to at most 128 KiB.
        limit = input.length * 256 + 140_000;
        try {
          run(kind, input, rnd);
        } catch (e) {
          limit = Infinity;
          if (e instanceof ProtocolError) protocolErrors++;
          else if (unexpected.length < 5) unexpected.push(`${String(e)} for ${input.toString('hex').slice(0, 200)}`);
        }
      }
    } finally {
      Buffer.alloc = original.alloc;
      Buffer.allocUnsafe = original.allocUnsafe;
    }
    expect(unexpected).toEqual([]);
    expect(protocolErrors).toBeGreaterThan(CASES / 4);
    expect(worst).toBeLessThan(1 << 20);
  });
});
