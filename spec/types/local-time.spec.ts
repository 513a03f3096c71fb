import fc from 'fast-check';
import { LocalTime, NANOS_PER_DAY } from '../../lib/types/local-time';

describe('LocalTime', () => {
  it('parses and prints with nine fraction digits', () => {
    expect(LocalTime.parse('12:34:56.789').toString()).toBe('12:34:56.789000000');
    expect(LocalTime.parse('00:00').nanoOfDay).toBe(0n);
    expect(LocalTime.parse('23:59:59.999999999').nanoOfDay).toBe(86_399_999_999_999n);
    const t = LocalTime.of(1, 2, 3, 4);
    expect([t.hour, t.minute, t.second, t.nanosecond]).toEqual([1, 2, 3, 4]);
  });

  it('accepts 0 .. 86399999999999 ns only', () => {
    expect(LocalTime.fromNanoOfDay(NANOS_PER_DAY - 1n).toString()).toBe('23:59:59.999999999');
    expect(() => LocalTime.fromNanoOfDay(NANOS_PER_DAY)).toThrow(RangeError);
    expect(() => LocalTime.fromNanoOfDay(-1n)).toThrow(RangeError);
    expect(() => LocalTime.parse('24:00:00')).toThrow(RangeError);
    expect(() => LocalTime.parse('noon')).toThrow(RangeError);
    expect(LocalTime.fromDate(new Date('2020-01-01T10:20:30.040Z')).toString()).toBe('10:20:30.040000000');
  });

  it('round-trips through text', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: NANOS_PER_DAY - 1n }), (n) => {
      const t = LocalTime.fromNanoOfDay(n);
      return LocalTime.parse(t.toString()).equals(t);
    }));
  });
});
