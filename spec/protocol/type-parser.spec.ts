import { ProtocolError } from '../../lib/errors/codec-errors';
import { Reader } from '../../lib/protocol/reader';
import { readType } from '../../lib/protocol/type-parser';
import { hex, utf8 } from './hex';

const M = 'org.apache.cassandra.db.marshal.';
const read = (h: string): unknown => readType(new Reader(hex(h)));

describe('readType ([option] → DataType)', () => {
  it('reads native types', () => {
    expect(read('0009')).toEqual({ kind: 'int' });
    expect(read('000d')).toEqual({ kind: 'text' });
    expect(read('0015')).toEqual({ kind: 'duration' });
  });
  it('reads nested collections', () => {
    expect(read(`
      0021             # map
      000c             #   key uuid
      0020 0022 0002   #   value list<set<bigint>>
    `)).toEqual({ kind: 'map', key: { kind: 'uuid' }, value: { kind: 'list', element: { kind: 'set', element: { kind: 'bigint' } } } });
  });
  it('reads UDT and tuple', () => {
    expect(read(`
      0030 0002 ${utf8('ks')} 0004 ${utf8('addr')}  # udt ks.addr
      0002                                         # 2 fields
      0006 ${utf8('street')} 000d
      0003 ${utf8('zip')} 0031 0002 0009 0001      # tuple<int, ascii>
    `)).toEqual({
      kind: 'udt', keyspace: 'ks', name: 'addr', fields: [
        { name: 'street', type: { kind: 'text' } },
        { name: 'zip', type: { kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'ascii' }] } },
      ],
    });
  });
  it('reads custom types: vector and unknown', () => {
    const vec = `${M}VectorType(${M}FloatType,3)`;
    expect(read(`0000 ${Buffer.byteLength(vec).toString(16).padStart(4, '0')} ${utf8(vec)}`))
      .toEqual({ kind: 'vector', element: { kind: 'float' }, dimension: 3 });
    expect(read(`0000 0003 ${utf8('Foo')}`)).toEqual({ kind: 'custom', className: 'Foo' });
  });
  it('refuses unknown ids and absurd nesting', () => {
    expect(() => read('0099')).toThrow(ProtocolError);
    expect(() => read('0020'.repeat(100) + '0009')).toThrow(/nesting/);
  });
});

/** A custom [option] (id 0x0000 + [string] class name) read through readType. */
const parseMarshalType = (name: string): unknown =>
  read(`0000 ${Buffer.byteLength(name).toString(16).padStart(4, '0')} ${utf8(name)}`);

describe('custom types by marshal class name', () => {
  it.each([
    [`${M}VectorType(${M}Int32Type, 2)`, { kind: 'vector', element: { kind: 'int' }, dimension: 2 }],
    [`${M}VectorType(${M}UTF8Type,4)`, { kind: 'vector', element: { kind: 'text' }, dimension: 4 }],
    [`${M}VectorType(${M}ListType(${M}DoubleType),2)`,
      { kind: 'vector', element: { kind: 'list', element: { kind: 'double' } }, dimension: 2 }],
    [`${M}VectorType(${M}VectorType(${M}FloatType,2),3)`,
      { kind: 'vector', element: { kind: 'vector', element: { kind: 'float' }, dimension: 2 }, dimension: 3 }],
    [`${M}VectorType(${M}MapType(${M}UTF8Type,${M}FrozenType(${M}TupleType(${M}LongType,${M}BooleanType))),1)`,
      { kind: 'vector', element: { kind: 'map', key: { kind: 'text' }, value: { kind: 'tuple', elements: [{ kind: 'bigint' }, { kind: 'boolean' }] } }, dimension: 1 }],
    [`${M}VectorType(${M}SomethingNew,2)`,
      { kind: 'vector', element: { kind: 'custom', className: `${M}SomethingNew` }, dimension: 2 }],
    [`${M}ReversedType(${M}Int32Type)`, { kind: 'int' }],
    [`${M}VectorType(${M}UserType(ks,61,6b:${M}Int32Type),1)`,
      { kind: 'vector', element: { kind: 'udt', keyspace: 'ks', name: 'a', fields: [{ name: 'k', type: { kind: 'int' } }] }, dimension: 1 }],
  ])('%s', (name, expected) => {
    expect(parseMarshalType(name)).toEqual(expected);
  });

  it.each([
    'com.example.MyType', `${M}VectorType(${M}FloatType)`, `${M}VectorType(${M}FloatType,-1)`,
    `${M}VectorType(`, `${M}VectorType(${M}FloatType,3))`, '(' .repeat(1000),
  ])('maps %s to custom', (name) => {
    expect(parseMarshalType(name)).toEqual({ kind: 'custom', className: name });
  });
});
