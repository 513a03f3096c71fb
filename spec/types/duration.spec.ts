import fc from 'fast-check';
import { Duration } from '../../lib/types/duration';

describe('Duration', () => {
  it('parses Cassandra unit notation and prints it back', () => {
    const d = Duration.parse('1y2mo3w4d5h6m7s8ms9us10ns');
    expect([d.months, d.days]).toEqual([14, 25]);
    expect(d.nanoseconds).toBe(5n * 3_600_000_000_000n + 6n * 60_000_000_000n + 7_008_009_010n);
    expect(d.toString()).toBe('1y2mo25d5h6m7s8ms9us10ns');
    expect(Duration.parse('-3D').toString()).toBe('-3d');
    expect(Duration.parse('1µs').nanoseconds).toBe(1000n);
    expect(new Duration(0, 0, 0).toString()).toBe('0s');
  });

  it('parses ISO 8601 forms', () => {
    expect(Duration.parse('P1Y2M3DT4H5M6S').equals(Duration.parse('1y2mo3d4h5m6s'))).toBe(true);
    expect(Duration.parse('P2W').days).toBe(14);
    expect(Duration.parse('-PT1H').nanoseconds).toBe(-3_600_000_000_000n);
  });

  it('rejects mixed signs, out-of-range parts and bad text', () => {
    expect(() => new Duration(1, -1, 0)).toThrow(RangeError);
    expect(() => new Duration(0, 1, -1n)).toThrow(RangeError);
    expect(() => new Duration(2 ** 31, 0, 0)).toThrow(RangeError);
    expect(() => new Duration(0, 0, 1n << 63n)).toThrow(RangeError);
    expect(() => new Duration(0.5, 0, 0)).toThrow(RangeError);
    for (const bad of ['', '1x', 'P', 'PT', '1h-2m', 'abc']) expect(() => Duration.parse(bad)).toThrow(RangeError);
  });

  it('round-trips through text, negative and positive', () => {
    const part = fc.record({
      months: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      days: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      nanos: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
      negative: fc.boolean(),
    });
    fc.assert(fc.property(part, ({ months, days, nanos, negative }) => {
      const s = negative ? -1 : 1;
      const d = new Duration(s * months || 0, s * days || 0, negative ? -nanos : nanos);
      return Duration.parse(d.toString()).equals(d);
    }));
  });
});
