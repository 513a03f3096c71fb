import fc from 'fast-check';
import Long from 'long';
import { createCellDecoder, decodeValue } from '../../lib/types/decode';
import { LocalDate } from '../../lib/types/local-date';
import { TimeUuid } from '../../lib/types/time-uuid';
import { Tuple } from '../../lib/types/tuple';
import type { DataType, UdtType } from '../../lib/types/data-type';
import { ProtocolError } from '../../lib/errors/codec-errors';
import { hex, protocolError, t } from './helpers';

const address: UdtType = {
  kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip', type: { kind: 'int' } }],
};

describe('decodeValue: hand-written bytes', () => {
  it('reads scalars', () => {
    expect(decodeValue(t('int'), hex('ffffffff'))).toBe(-1);
    expect(decodeValue(t('varint'), hex('ff7f'))).toBe(-129n);
    expect(decodeValue(t('varint'), hex('0080'))).toBe(128n);
    expect(String(decodeValue(t('decimal'), hex('00000002 7b')))).toBe('1.23');
    expect(decodeValue(t('date'), hex('80000000'))).toEqual(LocalDate.fromEpochDay(0));
    expect(String(decodeValue(t('time'), hex('00004e94914effff')))).toBe('23:59:59.999999999');
    expect(String(decodeValue(t('duration'), hex('02 04 06')))).toBe('1mo2d3ns');
    expect(String(decodeValue(t('inet'), hex('20010db8000000000000ff0000428329')))).toBe('2001:db8::ff00:42:8329');
    expect(decodeValue(t('timestamp'), hex('ffffffffffffffff'))).toEqual(new Date(-1));
    expect(decodeValue(t('boolean'), hex('02'))).toBe(true);
    expect(decodeValue(t('timeuuid'), hex('138140001dd211b292340123456789ab'))).toBeInstanceOf(TimeUuid);
    expect(decodeValue(t('text'), hex(''))).toBe('');
    expect(decodeValue(t('int'), hex(''))).toBeNull(); // the legacy "empty" value
    expect(decodeValue(t('int'), null)).toBeNull();
  });

  it('reads bigint as Long by default, as bigint with useBigInt', () => {
    const bytes = hex('8000000000000001');
    const long = decodeValue(t('bigint'), bytes);
    expect(Long.isLong(long)).toBe(true);
    expect(String(long)).toBe('-9223372036854775807');
    expect(decodeValue(t('counter'), bytes, { useBigInt: true })).toBe(-9223372036854775807n);
  });

  it('reads composites', () => {
    expect(decodeValue(t('list<int>'), hex('00000002 00000004 00000001 ffffffff'))).toEqual([1, null]);
    expect(decodeValue(t('map<text, int>'), hex('00000001 00000001 61 00000004 00000001'))).toEqual(new Map([['a', 1]]));
    expect(decodeValue(t('set<text>'), hex('00000001 00000001 61'))).toEqual(new Set(['a']));
    expect(decodeValue(t('tuple<int, text>'), hex('00000004 00000001 ffffffff'))).toEqual(Tuple.of(1, null));
    expect(decodeValue(address, hex('00000001 78'))).toEqual({ street: 'x', zip: null });
    expect(decodeValue(t('vector<float, 2>'), hex('3f800000 40000000'))).toEqual(new Float32Array([1, 2]));
    expect(decodeValue(t('vector<float, 2>'), hex('3f800000 40000000'), { vectorTypedArrays: false })).toEqual([1, 2]);
    expect(decodeValue(t('vector<double, 1>'), hex('3ff0000000000000'))).toEqual(new Float64Array([1]));
    expect(decodeValue(t('vector<int, 1>'), hex('00000005'))).toEqual(new Int32Array([5]));
    expect(decodeValue(t('vector<text, 2>'), hex('01 61 02 6263'))).toEqual(['a', 'bc']);
  });

  it('copies blobs: they outlive the frame buffer', () => {
    const frame = hex('00 cafe 00');
    const blob = createCellDecoder().decode(t('blob'), frame, 1, 3) as Buffer;
    frame.fill(0);
    expect(blob.toString('hex')).toBe('cafe');
  });

  it('decodes in place at an offset', () => {
    const decoder = createCellDecoder({ useBigInt: true });
    const frame = hex('ff 00000007 0000000000000009 ff');
    expect(decoder.decode(t('int'), frame, 1, 5)).toBe(7);
    expect(decoder.decode(t('bigint'), frame, 5, 13)).toBe(9n);
    expect(() => decoder.decode(t('int'), frame, 12, 16)).toThrow(ProtocolError);
  });
});

describe('decodeValue: malformed bytes raise ProtocolError', () => {
  const cases: [string, string][] = [
    ['int', '000001'], ['bigint', '00000001'], ['smallint', '01'], ['tinyint', '0101'], ['boolean', '0101'],
    ['double', '00'], ['float', '0000000000'], ['uuid', '00'], ['timeuuid', '550e8400e29b41d4a716446655440000'],
    ['inet', '0102030405'], ['date', '01'], ['time', '0000ffffffffffff'], ['time', '8000000000000000'],
    ['timestamp', '01'], ['decimal', '000001'], ['ascii', '80'],
    ['duration', '02'], ['duration', '02 01 06'], ['duration', '02 04 06 00'], ['duration', 'ff'],
    ['list<int>', '000001'], ['list<int>', '00000001'], ['list<int>', '00000001 00000004 0000'],
    ['list<int>', '00000001 fffffffe'], ['list<int>', 'ffffffff'], ['list<int>', '00000000 00'],
    ['list<int>', '00000001 00000003 000000'], ['map<int, int>', '00000001 00000004 00000001'],
    ['set<text>', '00000002 00000001 61'], ['tuple<int>', '00000004 0000'], ['tuple<int>', '00000004 00000001 00'],
    ['vector<float, 2>', '3f800000'], ['vector<text, 2>', '01 61'], ['vector<text, 2>', '01 61 05 62'],
    ['vector<text, 1>', '01 61 00'], ['vector<text, 3>', '0000'],
  ];

  it.each(cases)('%s ← %s', (type, bytes) => {
    const e = protocolError(() => decodeValue(t(type), hex(bytes)));
    expect(e.message).toMatch(/Malformed|Truncated|vint/);
  });

  // No timing: allocating by the declared count (2^31 elements) would throw a RangeError or run out
  // of memory instead of the ProtocolError asserted here.
  it('fails fast on counts not backed by bytes (no allocation by the declared count)', () => {
    protocolError(() => decodeValue(t('list<int>'), hex('7fffffff 00000000')));
    protocolError(() => decodeValue(t('map<int, int>'), hex('7fffffff 00000000')));
    protocolError(() => decodeValue({ kind: 'vector', element: { kind: 'text' }, dimension: 2 ** 31 }, hex('00000000')));
    protocolError(() => decodeValue({ kind: 'vector', element: { kind: 'float' }, dimension: 2 ** 30 }, hex('00000000')));
  });

  it('throws nothing but ProtocolError on random bytes', () => {
    const types: DataType[] = [
      'int', 'bigint', 'text', 'ascii', 'decimal', 'duration', 'inet', 'date', 'time', 'timeuuid', 'list<int>',
      'map<text, frozen<list<duration>>>', 'set<varint>', 'tuple<int, text, date>', 'vector<text, 3>', 'vector<float, 2>',
      'frozen<list<frozen<tuple<int, vector<smallint, 2>>>>>',
    ].map(t).concat([address]);
    fc.assert(fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 40 }), (type, bytes) => {
      try {
        decodeValue(type, Buffer.from(bytes));
        return true;
      } catch (e) {
        return e instanceof ProtocolError;
      }
    }), { numRuns: 3000 });
  });
});
