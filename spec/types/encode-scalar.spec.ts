import { encodeValue } from '../../lib/types/encode';
import { Uuid } from '../../lib/types/uuid';
import { invalid, t } from './helpers';

// Every invalid input: InvalidValueError with target, CQL type and the received value described.
describe('encodeValue: invalid scalar values', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['int', 'a', 'string "a"', /expected an integer/],
    ['int', 1.5, 'number 1.5', /fraction/],
    ['int', 2 ** 31, 'number 2147483648', /out of range/],
    ['int', NaN, 'number NaN', /integer/],
    ['tinyint', 128, 'number 128', /out of range -128\.\.127/],
    ['smallint', -32769, 'number -32769', /out of range/],
    ['bigint', 2 ** 53, 'number 9007199254740992', /integer/],
    ['bigint', 1n << 63n, 'bigint 9223372036854775808', /64-bit/],
    ['bigint', '1', 'string "1"', /Long, bigint/],
    ['counter', 0.1, 'number 0.1', /integer/],
    ['varint', 1.5, 'number 1.5', /bigint/],
    ['float', 1e39, 'number 1e+39', /float range/],
    ['double', '1', 'string "1"', /number/],
    ['boolean', 1, 'number 1', /boolean/],
    ['text', 5, 'number 5', /string/],
    ['ascii', 'café', 'string "café"', /non-ASCII character at index 3/],
    ['blob', 'cafe', 'string "cafe"', /Buffer/],
    ['uuid', 'not-a-uuid', 'string "not-a-uuid"', /UUID string/],
    ['uuid', 42, 'number 42', /Uuid/],
    ['timeuuid', Uuid.random(), 'Uuid instance', /version 1/],
    ['inet', '300.1.1.1', 'string "300.1.1.1"', /IPv4 or IPv6/],
    ['inet', Buffer.alloc(5), 'Buffer(5)', /InetAddress/],
    ['timestamp', new Date(NaN), 'Date instance', /Invalid Date/],
    ['timestamp', 1.5, 'number 1.5', /integer/],
    ['timestamp', '2020-01-01', 'string "2020-01-01"', /Date/],
    ['date', '2020-02-30', 'string "2020-02-30"', /valid date/],
    ['date', 5, 'number 5', /LocalDate/],
    ['time', '25:00', 'string "25:00"', /valid time/],
    ['time', 86_400_000_000_000n, 'bigint 86400000000000', /out of range/],
    ['time', 5, 'number 5', /LocalTime/],
    ['duration', '1x', 'string "1x"', /Not a duration/],
    ['duration', 5, 'number 5', /Duration/],
    ['decimal', 'x', 'string "x"', /Not a decimal/],
    ['decimal', Infinity, 'number Infinity', /finite/],
  ];

  it.each(cases)('%s ← %p', (type, value, received, reason) => {
    const e = invalid(() => encodeValue(t(type), value, 'column "c"'));
    expect(e.target).toBe('column "c"');
    expect(e.cqlType).toBe(type);
    expect(e.received).toBe(received);
    expect(e.reason).toMatch(reason);
    expect(e.message).toContain(type);
  });
});
