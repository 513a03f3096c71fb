import Long from 'long';
import { Tuple, valueEquals } from '../../lib/types/tuple';
import { LocalDate } from '../../lib/types/local-date';

describe('Tuple', () => {
  it('is a frozen, fixed sequence', () => {
    const source = [1, 'a', null];
    const tuple = new Tuple(source);
    source[0] = 2;
    expect(tuple.length).toBe(3);
    expect(tuple.get(0)).toBe(1);
    expect(Object.isFrozen(tuple.elements)).toBe(true);
    expect(tuple.toString()).toBe("(1, 'a', null)");
    expect(Tuple.of(1, 'a', null).equals(tuple)).toBe(true);
    expect(Tuple.of(1).equals(tuple)).toBe(false);
  });
});

describe('valueEquals', () => {
  it('compares decoded values structurally', () => {
    expect(valueEquals(NaN, NaN)).toBe(true);
    expect(valueEquals(0, -0)).toBe(false);
    expect(valueEquals(Long.fromNumber(5), Long.fromNumber(5))).toBe(true);
    expect(valueEquals([LocalDate.fromEpochDay(1)], [LocalDate.fromEpochDay(1)])).toBe(true);
    expect(valueEquals(new Map([[1, { a: Buffer.from('x') }]]), new Map([[1, { a: Buffer.from('x') }]]))).toBe(true);
    expect(valueEquals(new Set([1, 2]), new Set([1, 3]))).toBe(false);
    expect(valueEquals(new Float32Array([1]), [1])).toBe(false);
    expect(valueEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
