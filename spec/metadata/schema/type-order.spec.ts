/** User types come out in dependency order, whatever order the rows arrive in. */
import fc from 'fast-check';
import { parseUserTypes } from '../../../lib/metadata/schema/user-types';
import type { SchemaRow } from '../../../lib/metadata/schema/query-runner';

const row = (name: string, fields: Array<[string, string]>): SchemaRow =>
  ({ keyspace_name: 'k', type_name: name, field_names: fields.map((f) => f[0]), field_types: fields.map((f) => f[1]) });

describe('user type dependency order', () => {
  it('puts used types first and breaks ties by name bytes', () => {
    const types = parseUserTypes('k', [
      row('c', [['x', 'frozen<b>']]), row('b', [['y', 'list<frozen<a>>']]), row('a', [['z', 'int']]), row('Z', [['w', 'text']]),
    ]);
    expect(types.map((t) => t.name)).toEqual(['Z', 'a', 'b', 'c']);
    expect(types[3]?.type.fields[0]?.type).toMatchObject({ kind: 'udt', name: 'b', frozen: true });
  });

  it('sees dependencies inside maps, tuples and quoted names', () => {
    const types = parseUserTypes('k', [
      row('outer', [['m', 'map<text, frozen<"Inner">>'], ['t', 'frozen<tuple<int, frozen<leaf>>>']]),
      row('Inner', [['l', 'frozen<leaf>']]),
      row('leaf', [['v', 'int']]),
    ]);
    expect(types.map((t) => t.name)).toEqual(['leaf', 'Inner', 'outer']);
  });

  it('tolerates a cycle or a missing type (opaque custom type) instead of failing', () => {
    const types = parseUserTypes('k', [row('a', [['b', 'frozen<b>']]), row('b', [['a', 'frozen<a>']]), row('c', [['x', 'frozen<nope>']])]);
    expect(types.map((t) => t.name).sort()).toEqual(['a', 'b', 'c']);
    expect(types.find((t) => t.name === 'c')?.fields[0]?.type).toEqual({ kind: 'custom', className: 'frozen<nope>' });
  });

  it('property: for any DAG of types in any row order, each type follows everything it uses', () => {
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
      fc.array(fc.nat(), { minLength: n, maxLength: n }),
    ));
    fc.assert(fc.property(dag, ([n, deps, shuffle]) => {
      // type i may use only types j < i: a DAG by construction.
      const uses = deps.map((d, i) => (i === 0 ? [] : [...new Set(d.map((x) => x % i))]));
      const rows = uses.map((u, i) => row(`t${i}`, [['id', 'int'], ...u.map((j): [string, string] => [`f${j}`, `frozen<t${j}>`])]));
      const order = rows.map((r, i) => ({ r, k: shuffle[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.r);
      const names = parseUserTypes('k', order).map((t) => t.name);
      expect(names).toHaveLength(n);
      uses.forEach((u, i) => u.forEach((j) => expect(names.indexOf(`t${j}`)).toBeLessThan(names.indexOf(`t${i}`))));
    }));
  });
});
