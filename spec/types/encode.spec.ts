import Long from 'long';
import { encodeValue } from '../../lib/types/encode';
import { UNSET } from '../../lib/types/unset';
import { LocalDate } from '../../lib/types/local-date';
import { LocalTime } from '../../lib/types/local-time';
import { Duration } from '../../lib/types/duration';
import { BigDecimal } from '../../lib/types/big-decimal';
import { Tuple } from '../../lib/types/tuple';
import type { UdtType } from '../../lib/types/data-type';
import { encHex, invalid, t } from './helpers';

// Every expected byte string is written by hand from spec section 6, never produced by the encoder.
describe('encodeValue: bytes of the scalar types', () => {
  const vectors: [string, unknown, string][] = [
    ['int', 1, '00000001'],
    ['int', -1, 'ffffffff'],
    ['int', 2147483647, '7fffffff'],
    ['smallint', -2, 'fffe'],
    ['tinyint', -128, '80'],
    ['bigint', 1, '0000000000000001'],
    ['bigint', -(2n ** 63n), '8000000000000000'],
    ['bigint', Long.fromString('9223372036854775807'), '7fffffffffffffff'],
    ['counter', 256n, '0000000000000100'],
    ['varint', 128n, '0080'],
    ['varint', -1n, 'ff'],
    ['varint', -129, 'ff7f'],
    ['decimal', new BigDecimal(123n, 2), '00000002 7b'],
    ['decimal', '-0.5', '00000001 fb'],
    ['decimal', '1E+3', 'fffffffd 01'],
    ['double', 1, '3ff0000000000000'],
    ['double', -0, '8000000000000000'],
    ['float', 1, '3f800000'],
    ['float', -Infinity, 'ff800000'],
    ['boolean', true, '01'],
    ['boolean', false, '00'],
    ['text', 'é', 'c3a9'],
    ['ascii', 'Az', '417a'],
    ['blob', Buffer.from([0xca, 0xfe]), 'cafe'],
    ['blob', new Uint8Array([1]), '01'],
    ['date', LocalDate.fromEpochDay(0), '80000000'],
    ['date', '1970-01-02', '80000001'],
    ['date', '1969-12-31', '7fffffff'],
    ['date', '-5877641-06-23', '00000000'],
    ['date', '5881580-07-11', 'ffffffff'],
    ['time', LocalTime.fromNanoOfDay(1n), '0000000000000001'],
    ['time', '23:59:59.999999999', '00004e94914effff'],
    ['timestamp', new Date(0), '0000000000000000'],
    ['timestamp', -1, 'ffffffffffffffff'],
    ['timestamp', 1000n, '00000000000003e8'],
    ['uuid', '550e8400-e29b-41d4-a716-446655440000', '550e8400e29b41d4a716446655440000'],
    ['timeuuid', '13814000-1dd2-11b2-9234-0123456789ab', '138140001dd211b292340123456789ab'],
    ['inet', '127.0.0.1', '7f000001'],
    ['inet', '::1', '00000000000000000000000000000001'],
    ['inet', '2001:db8::ff00:42:8329', '20010db8000000000000ff0000428329'],
    // duration: zig-zag vints of months, days, nanoseconds
    ['duration', new Duration(1, 2, 3), '02 04 06'],
    ['duration', new Duration(-1, 0, 0), '01 00 00'],
    ['duration', '1h', '00 00 fc068c61714000'],
    ['duration', new Duration(0, 64, 0), '00 8080 00'],
  ];

  it.each(vectors)('%s %p → %s', (type, value, bytes) => {
    expect(encHex(type, value)).toBe(bytes.replace(/\s+/g, ''));
  });
});

describe('encodeValue: bytes of the composite types', () => {
  const address: UdtType = {
    kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip', type: { kind: 'int' } }],
  };

  it('lists, sets and maps: [int] count then [bytes] items', () => {
    expect(encHex('list<int>', [1, 2])).toBe('00000002' + '00000004' + '00000001' + '00000004' + '00000002');
    expect(encHex('set<text>', new Set(['a']))).toBe('00000001' + '00000001' + '61');
    expect(encHex('set<text>', ['a'])).toBe('00000001' + '00000001' + '61');
    expect(encHex('map<text, int>', new Map([['a', 1]]))).toBe('00000001' + '00000001' + '61' + '00000004' + '00000001');
    expect(encHex('map<text, int>', { a: 1 })).toBe('00000001' + '00000001' + '61' + '00000004' + '00000001');
    expect(encHex('list<int>', [])).toBe('00000000');
  });

  it('nested list<frozen<map<text, int>>>', () => {
    const map = '00000001' + '00000001' + '61' + '00000004' + '00000001'; // 17 bytes
    expect(encHex('list<frozen<map<text, int>>>', [{ a: 1 }])).toBe('00000001' + '00000011' + map);
  });

  it('tuples: [bytes] per element, -1 for null', () => {
    expect(encHex('tuple<int, text>', Tuple.of(1, 'a'))).toBe('00000004' + '00000001' + '00000001' + '61');
    expect(encHex('tuple<int, text>', [1, null])).toBe('00000004' + '00000001' + 'ffffffff');
  });

  it('UDTs: [bytes] per field in type order, missing fields null', () => {
    expect(encHex(address, { zip: 7, street: 'x' })).toBe('00000001' + '78' + '00000004' + '00000007');
    expect(encHex(address, { street: 'x' })).toBe('00000001' + '78' + 'ffffffff');
    expect(encHex(address, new Map([['zip', 1]]))).toBe('ffffffff' + '00000004' + '00000001');
  });

  it('vectors: fixed-size elements packed, others with unsigned vint lengths', () => {
    expect(encHex('vector<float, 2>', [1, 2])).toBe('3f800000' + '40000000');
    expect(encHex('vector<float, 2>', new Float32Array([1, 2]))).toBe('3f800000' + '40000000');
    expect(encHex('vector<bigint, 1>', [1n])).toBe('0000000000000001');
    expect(encHex('vector<text, 2>', ['a', 'bc'])).toBe('01' + '61' + '02' + '6263');
    expect(encHex('vector<smallint, 2>', [1, 2])).toBe('02' + '0001' + '02' + '0002');
    expect(encHex('vector<text, 1>', ['x'.repeat(128)])).toBe('8080' + '78'.repeat(128));
  });
});

describe('encodeValue: null and unset', () => {
  it('passes null and UNSET through', () => {
    expect(encodeValue(t('int'), null, 'parameter 0')).toBeNull();
    expect(encodeValue(t('int'), undefined, 'parameter 0')).toBeNull();
    expect(encodeValue(t('int'), UNSET, 'parameter 0')).toBe(UNSET);
  });

  it('rejects UNSET inside values and under protocol v3', () => {
    const e = invalid(() => encodeValue(t('list<int>'), [UNSET], 'parameter 1'));
    expect(e.target).toBe('parameter 1 → element 0');
    expect(() => encodeValue(t('int'), UNSET, 'parameter 0', { rejectUnset: true })).toThrow(/protocol v4/);
  });
});
