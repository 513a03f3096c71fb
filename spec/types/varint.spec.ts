import fc from 'fast-check';
import { bigintToVarint, varintToBigint } from '../../lib/types/varint';

describe('varint', () => {
  // The table of spec section 6.24.
  const table: [bigint, string][] = [
    [0n, '00'], [1n, '01'], [127n, '7f'], [128n, '0080'], [129n, '0081'], [-1n, 'ff'], [-128n, '80'], [-129n, 'ff7f'],
  ];

  it.each(table)('%s ⇄ %s', (value, bytes) => {
    expect(bigintToVarint(value).toString('hex')).toBe(bytes);
    const buf = Buffer.from(bytes, 'hex');
    expect(varintToBigint(buf, 0, buf.length)).toBe(value);
  });

  it('handles 2^64 and -2^127', () => {
    expect(bigintToVarint(1n << 64n).toString('hex')).toBe('010000000000000000');
    expect(bigintToVarint(-(1n << 127n)).toString('hex')).toBe('80000000000000000000000000000000');
  });

  it('round-trips 200-bit integers with minimal bytes', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), (v) => {
      const bytes = bigintToVarint(v);
      const minimal = bytes.length === 1 || !(
        (bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0x80) !== 0));
      return varintToBigint(bytes, 0, bytes.length) === v && minimal;
    }));
  });
});
