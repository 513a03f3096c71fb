import { ProtocolError } from '../../lib/errors/codec-errors';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { decodeLz4Block, literalLz4Block } from '../../lib/protocol/lz4-block';
import { hex } from './hex';

describe('Lz4Compressor (raw blocks)', () => {
  const lz4 = new Lz4Compressor();

  it('round-trips empty, tiny, random, repetitive and mixed inputs', () => {
    let x = 7;
    const rand = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => (x = (x * 48271) % 2147483647) & 0xff));
    const inputs = [
      Buffer.alloc(0), hex('41'), Buffer.from('short text'), rand(15), rand(16), rand(300), rand(70_000),
      Buffer.alloc(100_000, 0x61), Buffer.from('abc'.repeat(5000)),
      Buffer.concat([rand(1000), Buffer.alloc(5000, 1), rand(1000)]),
    ];
    for (const input of inputs) {
      const block = lz4.compress(input);
      expect(lz4.decompress(block, input.length).equals(input)).toBe(true);
    }
    expect(lz4.compress(Buffer.alloc(100_000, 0x61)).length).toBeLessThan(1000);
  });

  it('builds literal-only blocks for every length class', () => {
    for (const n of [0, 1, 14, 15, 16, 269, 270, 271, 600]) {
      const src = Buffer.alloc(n, 0x5a);
      expect(decodeLz4Block(literalLz4Block(src), n).equals(src)).toBe(true);
    }
    expect(literalLz4Block(Buffer.alloc(15, 0x5a)).subarray(0, 2)).toEqual(hex('f0 00')); // token 15 literals, +0
  });

  it('rejects malformed blocks with ProtocolError', () => {
    for (const [block, n] of [
      ['f0', 20], // literal length continues past the end
      ['30 4142', 3], // literals overrun the block
      ['10 41 0200', 10], // offset beyond output
      ['10 41 0000', 10], // offset 0
      ['1f 41 0100', 10], // match length continues past the end
      ['10 41 0100', 3], // match overruns the stated length
      ['30 414243', 2], // more literals than the stated length
    ] as const) {
      expect(() => decodeLz4Block(hex(block), n)).toThrow(ProtocolError);
    }
    expect(() => lz4.decompress(hex('00'))).toThrow(ProtocolError);
  });

  /** A violation of LZ4's end-of-block rules (last match starts ≥ 12 and ends ≥ 5 bytes before the end), or null. */
  function endRuleViolation(block: Buffer, n: number): string | null {
    let s = 0;
    let d = 0;
    while (s < block.length) {
      const token = block[s++] as number;
      let literals = token >>> 4;
      if (literals === 15) for (let b = 255; b === 255; literals += b) b = block[s++] as number;
      s += literals;
      d += literals;
      if (s === block.length) return null;
      if (d > n - 12) return `match starts ${n - d} bytes before the end`;
      s += 2;
      let match = token & 15;
      if (match === 15) for (let b = 255; b === 255; match += b) b = block[s++] as number;
      d += match + 4;
      if (d > n - 5) return `match ends ${n - d} bytes before the end`;
    }
    return 'no final literals';
  }

  it('never starts a match in the last 12 bytes (Cassandra rejected such blocks from lz4js)', () => {
    // The v5 EXECUTE Cassandra 5.0 refused with "LZ4Exception: Error decoding offset 44".
    const execute = hex('05 00 0006 0a 00000035 0010 07070707070707070707070707070707 0010 00000000000000000000000000000000'
      + ' 0001 00000003 0001 00000005 6c6f63616c');
    expect(endRuleViolation(lz4.compress(execute), execute.length)).toBeNull();
    let bad = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 13 + (i % 300);
      const input = Buffer.from(Array.from({ length: n }, (_, j) => ((j * 7 + i) % 5 === 0 ? 0 : (i + j) % 3)));
      const block = lz4.compress(input);
      if (endRuleViolation(block, n) !== null) bad++;
      expect(lz4.decompress(block, n).equals(input)).toBe(true);
    }
    expect(bad).toBe(0);
  });
});
