import { CqlTypeParseError } from '../../lib/errors/codec-errors';
import { parseCqlType, typeToCql, type UdtResolver } from '../../lib/types/cql-type-names';
import type { DataType, UdtType } from '../../lib/types/data-type';

const address: UdtType = {
  kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip', type: { kind: 'int' } }],
};
const mixed: UdtType = { kind: 'udt', keyspace: 'ks', name: 'Mixed Case', fields: [] };
const resolver: UdtResolver = (name, keyspace) =>
  (keyspace === undefined || keyspace === 'ks') ? [address, mixed].find((u) => u.name === name) : undefined;

describe('typeToCql', () => {
  it('prints nested, frozen and vector types', () => {
    const type: DataType = {
      kind: 'map', key: { kind: 'text' }, value: { kind: 'list', element: { kind: 'int' } }, frozen: true,
    };
    expect(typeToCql(type)).toBe('frozen<map<text, list<int>>>');
    expect(typeToCql({ kind: 'vector', element: { kind: 'float' }, dimension: 3 })).toBe('vector<float, 3>');
    expect(typeToCql({ kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'uuid' }] })).toBe('tuple<int, uuid>');
    expect(typeToCql({ ...address, frozen: true })).toBe('frozen<ks.address>');
    expect(typeToCql(mixed)).toBe('ks."Mixed Case"');
    expect(typeToCql({ kind: 'custom', className: "a.B'c" })).toBe("'a.B''c'");
  });
});

describe('parseCqlType', () => {
  it('parses what system_schema stores', () => {
    expect(parseCqlType('frozen<list<text>>')).toEqual({ kind: 'list', element: { kind: 'text' }, frozen: true });
    expect(parseCqlType('vector<float, 3>')).toEqual({ kind: 'vector', element: { kind: 'float' }, dimension: 3 });
    expect(parseCqlType('VARCHAR')).toEqual({ kind: 'text' });
    expect(parseCqlType('map<text, frozen<set<int>>>')).toEqual({
      kind: 'map', key: { kind: 'text' }, value: { kind: 'set', element: { kind: 'int' }, frozen: true },
    });
    expect(parseCqlType('frozen<tuple<int, text, frozen<address>>>', resolver)).toEqual({
      kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }, { ...address, frozen: true }],
    });
    expect(parseCqlType('frozen<"Mixed Case">', resolver)).toEqual({ ...mixed, frozen: true });
    expect(parseCqlType('ks.address', resolver)).toBe(address);
    expect(parseCqlType("'org.apache.cassandra.db.marshal.BytesType'")).toEqual({
      kind: 'custom', className: 'org.apache.cassandra.db.marshal.BytesType',
    });
  });

  it('round-trips typeToCql', () => {
    const types: DataType[] = [
      { kind: 'list', element: { kind: 'map', key: { kind: 'timeuuid' }, value: { kind: 'duration' }, frozen: true } },
      { kind: 'vector', element: { kind: 'list', element: { kind: 'text' }, frozen: true }, dimension: 2 },
      { kind: 'tuple', elements: [{ kind: 'varint' }, { kind: 'decimal' }, { kind: 'inet' }] },
      { ...mixed, frozen: true },
    ];
    for (const type of types) expect(parseCqlType(typeToCql(type), resolver)).toEqual(type);
  });

  it('raises CqlTypeParseError for bad strings', () => {
    for (const bad of ['', 'list<', 'list<int', 'map<int>', 'vector<float, 0>', 'vector<float>', 'nosuchtype', 'int int',
      'list<int>>', 'frozen<"unterminated>', 'tuple<>', '@']) {
      expect(() => parseCqlType(bad, resolver)).toThrow(CqlTypeParseError);
    }
  });
});
