import { ProtocolError } from '../../lib/errors/codec-errors';
import { FrameDecoder } from '../../lib/protocol/frame-decoder';
import type { Frame } from '../../lib/protocol/frame-header';
import { hex } from './hex';

const READY_V4 = hex('84 00 0001 02 00000000'); // response v4, stream 1, READY, empty body
const SUPPORTED_V4 = hex(`
  84 00 0002 06 0000000c  # response v4, stream 2, SUPPORTED, 12-byte body
  0001                    # [string multimap] 1 entry
  0001 61                 # key "a"
  0001 0003 616263        # [string list] ["abc"]
`);
const EVENT_V5 = hex('85 00 ffff 0c 00000003 000102'); // stream -1, 3-byte body

function collect(d: FrameDecoder, chunks: Buffer[]): Frame[] {
  return chunks.flatMap((c) => d.push(c));
}

describe('FrameDecoder', () => {
  const stream = Buffer.concat([READY_V4, SUPPORTED_V4, EVENT_V5]);

  it('decodes frames from one chunk as views', () => {
    const frames = new FrameDecoder().push(stream);
    expect(frames.map((f) => [f.version, f.isResponse, f.stream, f.opcode, f.body.length])).toEqual([
      [4, true, 1, 0x02, 0], [4, true, 2, 0x06, 12], [5, true, -1, 0x0c, 3],
    ]);
    expect(frames[1]?.body.buffer).toBe(stream.buffer);
  });

  it('handles every split point', () => {
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j++) {
        const d = new FrameDecoder();
        const frames = collect(d, [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
        expect(frames.map((f) => f.body.toString('hex'))).toEqual(['', SUPPORTED_V4.subarray(9).toString('hex'), '000102']);
        expect(d.buffered).toBe(0);
      }
    }
  });

  it('handles one byte at a time, with a large frame', () => {
    const body = Buffer.alloc(100_000, 7);
    const big = Buffer.concat([hex('84 00 0003 08'), hex('000186a0'), body]);
    const all = Buffer.concat([READY_V4, big, EVENT_V5]);
    const d = new FrameDecoder();
    const frames: Frame[] = [];
    for (let i = 0; i < all.length; i++) frames.push(...d.push(all.subarray(i, i + 1)));
    expect(frames).toHaveLength(3);
    expect(frames[1]?.body.equals(body)).toBe(true);
  });

  it('rejects a negative length, a length over the limit, and unknown versions', () => {
    expect(() => new FrameDecoder().push(hex('84 00 0000 02 ffffffff'))).toThrow(ProtocolError);
    expect(() => new FrameDecoder({ maxBodyLength: 10 }).push(hex('84 00 0000 02 0000000b'))).toThrow(/exceeds/);
    expect(() => new FrameDecoder().push(hex('82 00 0000 02 00000000'))).toThrow(/version 2/);
  });

  it('stays failed after an error', () => {
    const d = new FrameDecoder();
    expect(() => d.push(hex('84 00 0000 02 ffffffff'))).toThrow(ProtocolError);
    expect(() => d.push(READY_V4)).toThrow(ProtocolError);
  });

  it('does not allocate for a declared length that has not arrived', () => {
    const d = new FrameDecoder();
    d.push(hex('84 00 0000 08 0fffffff 00')); // declares ~256 MiB, sends 1 byte
    expect(d.buffered).toBe(10);
  });
});
