import { fixedSizeOf } from '../../lib/types/vector';
import { decodeValue } from '../../lib/types/decode';
import { encHex, hex, t } from './helpers';

describe('vector layout', () => {
  it('packs the fixed-size types Cassandra packs, length-prefixes the others', () => {
    const fixed: [string, number][] = [
      ['boolean', 1], ['int', 4], ['float', 4], ['bigint', 8], ['double', 8], ['timestamp', 8], ['uuid', 16], ['timeuuid', 16],
      ['vector<float, 3>', 12],
    ];
    for (const [type, size] of fixed) expect(fixedSizeOf(t(type))).toBe(size);
    for (const type of ['text', 'smallint', 'tinyint', 'date', 'time', 'varint', 'decimal', 'duration', 'inet', 'list<int>', 'vector<text, 2>']) {
      expect(fixedSizeOf(t(type))).toBe(-1);
    }
  });

  it('nests vectors of vectors without lengths when the inner one is fixed', () => {
    expect(encHex('vector<vector<int, 2>, 2>', [[1, 2], [3, 4]])).toBe('00000001 00000002 00000003 00000004'.replace(/ /g, ''));
    expect(decodeValue(t('vector<vector<int, 2>, 1>'), hex('00000001 00000002'))).toEqual([new Int32Array([1, 2])]);
  });

  it('reads boolean and uuid vectors as arrays', () => {
    expect(decodeValue(t('vector<boolean, 2>'), hex('0100'))).toEqual([true, false]);
    expect(String(decodeValue(t('vector<uuid, 1>'), hex('550e8400e29b41d4a716446655440000')))).toBe('550e8400-e29b-41d4-a716-446655440000');
  });
});
