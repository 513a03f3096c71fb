import Long from 'long';
import { BigDecimal, Duration, LocalDate, Tuple, Uuid } from '../../../../lib';
import { rowToJson, toJsonValue } from '../../../../lib/integrations/nestjs';

describe('toJsonValue / rowToJson', () => {
  it('turns what JSON.stringify gets wrong into JSON-safe values', () => {
    expect(toJsonValue(12n ** 30n)).toBe((12n ** 30n).toString());
    expect(toJsonValue(Long.fromString('-9223372036854775808'))).toBe('-9223372036854775808');
    expect(toJsonValue(Buffer.from('hi'))).toBe('aGk=');
    expect(toJsonValue(new Date(Date.UTC(2025, 0, 2)))).toBe('2025-01-02T00:00:00.000Z');
    expect(toJsonValue(new Set([1, 2]))).toEqual([1, 2]);
    expect(toJsonValue(new Map([['a', 1n]]))).toEqual({ a: '1' });
    expect(toJsonValue(new Map([[1, 'x']]))).toEqual([[1, 'x']]);
    expect(toJsonValue(Number.NaN)).toBe('NaN');
    expect(toJsonValue(undefined)).toBeNull();
  });

  it("uses the driver's value types' own JSON forms", () => {
    const id = Uuid.fromString('00112233-4455-6677-8899-aabbccddeeff');
    expect(toJsonValue(id)).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(toJsonValue(LocalDate.parse('2025-03-04'))).toBe('2025-03-04');
    expect(toJsonValue(BigDecimal.parse('12.50'))).toBe('12.50');
    expect(typeof toJsonValue(Duration.parse('1h30m'))).toBe('string');
    expect(toJsonValue(new Tuple([1, 'a', 2n]))).toEqual([1, 'a', '2']);
  });

  it('reads a row by its keys() and nested UDT values as objects', () => {
    const row = Object.assign(Object.create({ keys: () => ['id', 'address'] }) as object, { id: 7n, address: { street: 'x', zip: Buffer.from([1]) } });
    expect(rowToJson(row)).toEqual({ id: '7', address: { street: 'x', zip: 'AQ==' } });
    expect(JSON.parse(JSON.stringify(rowToJson(row)))).toEqual(rowToJson(row));
  });
});
