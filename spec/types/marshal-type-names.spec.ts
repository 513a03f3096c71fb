import { parseMarshalType } from '../../lib/types/marshal-type-names';
import { CqlTypeParseError } from '../../lib/errors/codec-errors';

const M = 'org.apache.cassandra.db.marshal.';

describe('parseMarshalType', () => {
  it('turns VectorType class names into vectors', () => {
    expect(parseMarshalType(`${M}VectorType(${M}FloatType,3)`)).toEqual({ kind: 'vector', element: { kind: 'float' }, dimension: 3 });
    expect(parseMarshalType(`${M}VectorType(${M}UTF8Type, 2)`)).toEqual({ kind: 'vector', element: { kind: 'text' }, dimension: 2 });
  });

  it('knows the collection, tuple and user types', () => {
    expect(parseMarshalType(`${M}FrozenType(${M}ListType(${M}Int32Type))`)).toEqual({
      kind: 'list', element: { kind: 'int' }, frozen: true,
    });
    expect(parseMarshalType(`${M}MapType(${M}UTF8Type,${M}SetType(${M}UUIDType))`)).toEqual({
      kind: 'map', key: { kind: 'text' }, value: { kind: 'set', element: { kind: 'uuid' } },
    });
    // UserType(keyspace, hex(name), hex(field):type, …): "address", "zip"
    expect(parseMarshalType(`${M}UserType(ks,61646472657373,7a6970:${M}Int32Type)`)).toEqual({
      kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'zip', type: { kind: 'int' } }],
    });
    expect(parseMarshalType(`${M}ReversedType(${M}TimestampType)`)).toEqual({ kind: 'timestamp' });
  });

  it('leaves unknown classes custom and rejects broken names', () => {
    expect(parseMarshalType('com.example.Geo')).toEqual({ kind: 'custom', className: 'com.example.Geo' });
    expect(() => parseMarshalType(`${M}ListType(${M}Int32Type`)).toThrow(CqlTypeParseError);
    expect(() => parseMarshalType(`${M}VectorType(${M}FloatType,x)`)).toThrow(CqlTypeParseError);
  });
});
