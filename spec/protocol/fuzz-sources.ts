/**
 * The decoder fuzz's seed inputs and its harness: valid response frames (rows with every column
 * kind, prepared, schema change, errors with typed fields, event, supported), as v5 frames, v4
 * frames, v4 frames with LZ4 bodies, and v5 segment streams (plain, LZ4, and one frame split over
 * several segments). `decodeAll` feeds an input through the decoder of its kind and decodes every
 * frame it yields, as a connection does.
 */
import { compressBody } from '../../lib/protocol/body-compression';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { FrameDecoder } from '../../lib/protocol/frame-decoder';
import { decodeResponse } from '../../lib/protocol/response';
import { SegmentDecoder } from '../../lib/protocol/segment-decoder';
import { SegmentEncoder } from '../../lib/protocol/segment-encoder';
import type { CellDecoder } from '../../lib/types/cell-decoder';
import { hex, utf8 } from './hex';

/** How an input is framed: bare frames (v4/v5 headers), v4 frames with LZ4 bodies, v5 segments. */
export type FuzzKind = 'frames' | 'frames-lz4' | 'segments' | 'segments-lz4';

const lz4 = new Lz4Compressor();
const cells: CellDecoder = { decode: (_t, buf, start, end) => buf.subarray(start, end) };
const MAX_BODY = 1 << 20;

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

/** v5 frames: each body plain, and with tracing id, warnings and custom payload. */
export const FRAMES: Buffer[] = BODIES.flatMap((body, i) => {
  const op = OPCODES[i] ?? '08';
  return [
    withLength(`85 00 0001 ${op} 00000000 ${body}`),
    withLength(`85 0e 0002 ${op} 00000000 000102030405060708090a0b0c0d0e0f 0001 0001 77 0001 0001 70 00000001 ff ${body}`),
  ];
});
/** The frames whose body layout is the same in v4 and v5 (rows, schema change). */
const V4_LAYOUT = [0, 1, 2, 3, 6, 7].map((i) => FRAMES[i] ?? Buffer.alloc(0));
/** v4 frames, uncompressed. */
export const V4_FRAMES: Buffer[] = V4_LAYOUT.map((f) => {
  const out = Buffer.from(f);
  out[0] = 0x84;
  return out;
});
/** v4 frames with LZ4 bodies. */
export const COMPRESSED: Buffer[] = V4_LAYOUT.map((f) => {
  const body = compressBody(f.subarray(9), lz4);
  const out = Buffer.concat([f.subarray(0, 9), body]);
  out[0] = 0x84;
  out[1] = (out[1] as number) | 0x01;
  out.writeInt32BE(body.length, 5);
  return out;
});
export const SEGMENTS_PLAIN = Buffer.concat(new SegmentEncoder().encode(FRAMES.slice(0, 8)));
export const SEGMENTS_LZ4 = Buffer.concat(new SegmentEncoder({ compressor: lz4 }).encode(FRAMES.slice(4, 12)));
const BIG = withLength(`85 00 0003 08 00000000 00000001 ${'00'.repeat(140_000)}`);
/** One 140 KB frame over several non-self-contained segments. */
export const SEGMENTS_SPLIT = Buffer.concat(new SegmentEncoder().encode([BIG]));

/** Every seed input with its kind (the split segments are used apart: they are large). */
export const SOURCES: ReadonlyArray<readonly [FuzzKind, Buffer]> = [
  ...FRAMES.map((f) => ['frames', f] as const),
  ...V4_FRAMES.map((f) => ['frames', f] as const),
  ...COMPRESSED.map((f) => ['frames-lz4', f] as const),
  ['segments', SEGMENTS_PLAIN], ['segments-lz4', SEGMENTS_LZ4],
];

/** Splits `input` into chunks: by `rnd` (random sizes, often tiny), or whole when `rnd` is null, or byte by byte for 'bytes'. */
export function chunks(input: Buffer, rnd: (() => number) | null | 'bytes'): Buffer[] {
  if (rnd === null) return [input];
  const parts: Buffer[] = [];
  for (let i = 0; i < input.length;) {
    const n = rnd === 'bytes' ? 1 : 1 + Math.floor(rnd() * (rnd() < 0.2 ? 4 : input.length));
    parts.push(input.subarray(i, i + n));
    i += n;
  }
  return parts;
}

/** Feeds the chunks through the decoder of `kind` and decodes every frame; returns the frame count. Throws what the decoders throw. */
export function decodeAll(kind: FuzzKind, parts: readonly Buffer[]): number {
  const d = kind === 'frames' || kind === 'frames-lz4'
    ? new FrameDecoder({ maxBodyLength: MAX_BODY })
    : new SegmentDecoder({ compressor: kind === 'segments-lz4' ? lz4 : null, maxBodyLength: MAX_BODY });
  let n = 0;
  for (const c of parts) {
    for (const f of d.push(c)) {
      decodeResponse(f, { compressor: lz4, cellDecoder: cells, maxBodyLength: MAX_BODY });
      n++;
    }
  }
  return n;
}
