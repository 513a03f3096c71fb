import fc from 'fast-check';
import { LocalDate, MAX_EPOCH_DAY, MIN_EPOCH_DAY } from '../../lib/types/local-date';

describe('LocalDate', () => {
  it('maps the spec examples: wire 0 = -5877641-06-23, 2^31 = 1970-01-01, 2^32-1 = 5881580-07-11', () => {
    expect(LocalDate.fromEpochDay(MIN_EPOCH_DAY).toString()).toBe('-5877641-06-23');
    expect(LocalDate.fromEpochDay(0).toString()).toBe('1970-01-01');
    expect(LocalDate.fromEpochDay(MAX_EPOCH_DAY).toString()).toBe('5881580-07-11');
    expect(LocalDate.parse('-5877641-06-23').epochDay).toBe(MIN_EPOCH_DAY);
    expect(LocalDate.parse('5881580-07-11').epochDay).toBe(MAX_EPOCH_DAY);
  });

  it('knows leap days (2000 yes, 1900 no, 2024 yes)', () => {
    expect(LocalDate.of(2000, 2, 29).toString()).toBe('2000-02-29');
    expect(LocalDate.of(2024, 2, 29).epochDay).toBe(19782);
    expect(() => LocalDate.of(1900, 2, 29)).toThrow(RangeError);
    expect(() => LocalDate.parse('2023-02-29')).toThrow(RangeError);
  });

  it('matches JavaScript Date where Date reaches', () => {
    fc.assert(fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (day) => {
      const d = LocalDate.fromEpochDay(day);
      const js = new Date(day * 86_400_000);
      return d.year === js.getUTCFullYear() && d.month === js.getUTCMonth() + 1 && d.day === js.getUTCDate()
        && d.toDate().getTime() === js.getTime() && LocalDate.fromDate(js).equals(d);
    }));
  });

  it('round-trips y-m-d and text over the full range', () => {
    fc.assert(fc.property(fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY }), (day) => {
      const d = LocalDate.fromEpochDay(day);
      return LocalDate.of(d.year, d.month, d.day).epochDay === day && LocalDate.parse(d.toString()).equals(d);
    }));
  });

  it('rejects days out of range, bad text, and dates beyond Date in toDate', () => {
    expect(() => LocalDate.fromEpochDay(MAX_EPOCH_DAY + 1)).toThrow(RangeError);
    expect(() => LocalDate.fromEpochDay(1.5)).toThrow(RangeError);
    expect(() => LocalDate.parse('2020/01/01')).toThrow(RangeError);
    expect(() => LocalDate.fromEpochDay(MAX_EPOCH_DAY).toDate()).toThrow(RangeError);
    expect(LocalDate.parse('0001-01-01').toString()).toBe('0001-01-01');
    expect(LocalDate.parse('-0001-12-31').year).toBe(-1);
  });
});
