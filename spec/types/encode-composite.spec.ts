import { encodeValue } from '../../lib/types/encode';
import type { UdtType } from '../../lib/types/data-type';
import { invalid, t } from './helpers';

const address: UdtType = {
  kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip', type: { kind: 'int' } }],
};

describe('encodeValue: invalid composite values name the nested target', () => {
  it('list element of the wrong type', () => {
    const e = invalid(() => encodeValue(t('list<int>'), [1, 2, 3, 'x'], 'parameter 0'));
    expect([e.target, e.cqlType, e.received]).toEqual(['parameter 0 → element 3', 'int', 'string "x"']);
  });

  it('null inside a collection', () => {
    const e = invalid(() => encodeValue(t('set<text>'), ['a', null], 'parameter 0'));
    expect(e.target).toBe('parameter 0 → element 1');
    expect(e.reason).toMatch(/cannot be null/);
  });

  it('map keys and values', () => {
    expect(invalid(() => encodeValue(t('map<int, text>'), new Map([['k', 'v']]), 'parameter 2')).target)
      .toBe('parameter 2 → key "k"');
    expect(invalid(() => encodeValue(t('map<text, int>'), { a: 'v' }, 'parameter 2')).target)
      .toBe('parameter 2 → value of key "a"');
    const e = invalid(() => encodeValue(t('map<int, int>'), { 1: 2 }, 'parameter 2'));
    expect([e.cqlType, e.reason]).toEqual(['map<int, int>', 'expected a Map']);
  });

  it('a UDT field, an unknown field, and the wrong shape', () => {
    const e = invalid(() => encodeValue(address, { street: 'x', zip: '12' }, 'column "addr"'));
    expect([e.target, e.cqlType, e.received]).toEqual(['column "addr" → field "zip"', 'int', 'string "12"']);
    const unknown = invalid(() => encodeValue(address, { city: 'x' }, 'column "addr"'));
    expect([unknown.target, unknown.cqlType, unknown.reason]).toEqual(['column "addr"', 'ks.address', 'unknown field "city"']);
    expect(invalid(() => encodeValue(address, 'x', 'column "addr"')).received).toBe('string "x"');
  });

  it('tuple arity and elements', () => {
    const e = invalid(() => encodeValue(t('tuple<int, text>'), [1], 'parameter 0'));
    expect([e.cqlType, e.received, e.reason]).toEqual(['tuple<int, text>', 'array(1)', 'expected 2 elements, got 1']);
    expect(invalid(() => encodeValue(t('tuple<int, text>'), [1, 2], 'parameter 0')).target).toBe('parameter 0 → element 1');
    expect(invalid(() => encodeValue(t('tuple<int>'), new Set([1]), 'parameter 0')).reason).toMatch(/Tuple/);
  });

  it('vector dimension, null elements and element types', () => {
    const e = invalid(() => encodeValue(t('vector<float, 3>'), [1, 2], 'parameter 0'));
    expect([e.cqlType, e.reason]).toEqual(['vector<float, 3>', 'expected 3 elements, got 2']);
    expect(invalid(() => encodeValue(t('vector<float, 2>'), new Float32Array(3), 'parameter 0')).reason).toMatch(/expected 2/);
    expect(invalid(() => encodeValue(t('vector<text, 2>'), ['a', null], 'parameter 0')).target).toBe('parameter 0 → element 1');
    expect(invalid(() => encodeValue(t('vector<int, 1>'), [0.5], 'parameter 0')).cqlType).toBe('int');
    expect(invalid(() => encodeValue(t('vector<int, 1>'), 'x', 'parameter 0')).reason).toMatch(/array/);
  });

  it('deeply nested targets', () => {
    const e = invalid(() => encodeValue(t('list<frozen<map<text, frozen<list<int>>>>>'), [{ a: [1, 'b'] }], 'parameter 4'));
    expect(e.target).toBe('parameter 4 → element 0 → value of key "a" → element 1');
  });

  it('lists reject non-arrays, sets accept arrays and Sets', () => {
    expect(invalid(() => encodeValue(t('list<int>'), new Set([1]), 'parameter 0')).reason).toBe('expected an array');
    expect(invalid(() => encodeValue(t('list<int>'), 'abc', 'parameter 0')).received).toBe('string "abc"');
  });
});
