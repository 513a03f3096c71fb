import fc from 'fast-check';
import { BigDecimal } from '../../lib/types/big-decimal';

describe('BigDecimal', () => {
  it('prints like Java BigDecimal.toString', () => {
    const cases: [bigint, number, string][] = [
      [123n, 2, '1.23'], [-5n, 1, '-0.5'], [1n, -3, '1E+3'], [123n, 0, '123'], [1n, 6, '0.000001'],
      [1n, 7, '1E-7'], [-123n, 10, '-1.23E-8'], [0n, 2, '0.00'], [12345n, -2, '1.2345E+6'],
    ];
    for (const [unscaled, scale, text] of cases) expect(new BigDecimal(unscaled, scale).toString()).toBe(text);
  });

  it('parses plain and scientific text', () => {
    const d = BigDecimal.parse('-12.340');
    expect([d.unscaled, d.scale]).toEqual([-12340n, 3]);
    const e = BigDecimal.parse('1E+3');
    expect([e.unscaled, e.scale]).toEqual([1n, -3]);
    expect(BigDecimal.parse('.5').toString()).toBe('0.5');
    expect(BigDecimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(BigDecimal.fromNumber(1e-7).equals(new BigDecimal(1n, 7))).toBe(true);
    for (const bad of ['', '.', 'abc', '1e', '1.2.3', '--1']) expect(() => BigDecimal.parse(bad)).toThrow(RangeError);
    expect(() => BigDecimal.fromNumber(NaN)).toThrow(RangeError);
    expect(() => new BigDecimal(1n, 2 ** 31)).toThrow(RangeError);
  });

  it('compares numerically, equals by representation', () => {
    expect(BigDecimal.parse('1.0').compareTo(BigDecimal.parse('1.00'))).toBe(0);
    expect(BigDecimal.parse('1.0').equals(BigDecimal.parse('1.00'))).toBe(false);
    expect(BigDecimal.parse('-2').compareTo(BigDecimal.parse('1E-9'))).toBe(-1);
  });

  it('round-trips through text, negative scales included', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 130n), max: 1n << 130n }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (u, s) => {
      const d = new BigDecimal(u, s);
      const back = BigDecimal.parse(d.toString());
      return back.compareTo(d) === 0 && (u === 0n || back.equals(d));
    }), { numRuns: 300 });
  });
});
