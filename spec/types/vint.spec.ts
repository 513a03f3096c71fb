import fc from 'fast-check';
import { ProtocolError } from '../../lib/errors/codec-errors';
import {
  encodeUnsignedVint, readUnsignedVint, readVint, unsignedVintSize, writeVint, zigzagDecode, zigzagEncode,
} from '../../lib/types/vint';
import { hex } from './helpers';

describe('vint', () => {
  it('encodes the spec example 256000 as [110]00011 11101000 00000000', () => {
    expect(encodeUnsignedVint(256000n).toString('hex')).toBe('c3e800');
  });

  it('uses one byte below 128 and 9 bytes (0xff first) for 64-bit values', () => {
    expect(encodeUnsignedVint(0n).toString('hex')).toBe('00');
    expect(encodeUnsignedVint(127n).toString('hex')).toBe('7f');
    expect(encodeUnsignedVint(128n).toString('hex')).toBe('8080');
    expect(encodeUnsignedVint((1n << 64n) - 1n).toString('hex')).toBe('ffffffffffffffffff');
    expect(unsignedVintSize((1n << 56n) - 1n)).toBe(8);
    expect(unsignedVintSize(1n << 56n)).toBe(9);
  });

  it('zig-zags as the spec lists: 0, -1, 1, -2, 2 → 0, 1, 2, 3, 4', () => {
    expect([0n, -1n, 1n, -2n, 2n].map(zigzagEncode)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(zigzagEncode(-(1n << 63n))).toBe((1n << 64n) - 1n);
  });

  it('round-trips every unsigned 64-bit and signed 64-bit value', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => {
      const bytes = encodeUnsignedVint(v);
      const read = readUnsignedVint(bytes, 0, bytes.length);
      return read.value === v && read.next === bytes.length;
    }));
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (v) => {
      const out = Buffer.alloc(9);
      const end = writeVint(v, out, 0);
      return readVint(out, 0, end).value === v && zigzagDecode(zigzagEncode(v)) === v;
    }));
  });

  it('rejects truncated vints with ProtocolError', () => {
    expect(() => readUnsignedVint(hex('c3e8'), 0, 2)).toThrow(ProtocolError);
    expect(() => readUnsignedVint(hex(''), 0, 0)).toThrow(ProtocolError);
    expect(() => readUnsignedVint(hex('ff00'), 0, 2)).toThrow(ProtocolError);
  });
});
