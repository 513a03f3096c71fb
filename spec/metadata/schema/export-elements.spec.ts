/**
 * Export details the captured schema does not exercise: composite keys without clustering,
 * custom indexes without options, bodies containing $$, optional aggregate clauses, virtual
 * keyspaces, and the `exportAsCql` entry points.
 */
import { createAggregateCql, createFunctionCql, createKeyspaceCql } from '../../../lib/metadata/schema/export-definitions';
import { createIndexCql, createTableCql } from '../../../lib/metadata/schema/export-relations';
import { exportAsCql, schemaStatements } from '../../../lib/metadata/schema/export';
import { FrozenMap } from '../../../lib/metadata/schema/frozen-map';
import { buildKeyspace, buildVirtualKeyspace } from '../../../lib/metadata/schema/keyspace';
import { parseAggregate, parseFunction } from '../../../lib/metadata/schema/functions';
import { parseIndex, parseTable } from '../../../lib/metadata/schema/relations';
import { SchemaSnapshot } from '../../../lib/metadata/schema/snapshot';
import { resolverFor } from '../../../lib/metadata/schema/user-types';
import { captured_, FIXTURE_KS, fixtureKeyspaceRows, fixtureVirtualRows } from './fixtures';

const resolver = resolverFor('k', FrozenMap.empty());
const col = (name: string, kind: string, position: number, type: string, order = 'none') =>
  ({ keyspace_name: 'k', table_name: 't', column_name: name, kind, position, type, clustering_order: order });

describe('export details', () => {
  it('composite partition key without clustering columns; reserved and mixed-case names quoted', () => {
    const t = parseTable({
      table: { keyspace_name: 'k', table_name: 'Select', comment: 'x', gc_grace_seconds: 10 },
      columns: [col('a', 'partition_key', 0, 'int'), col('from', 'partition_key', 1, 'text'), col('Value', 'regular', -1, 'blob')],
    }, resolver);
    expect(createTableCql(t)).toBe([
      'CREATE TABLE k."Select" (',
      '    a int,',
      '    "from" text,',
      '    "Value" blob,',
      '    PRIMARY KEY ((a, "from"))',
      ") WITH comment = 'x'",
      '    AND gc_grace_seconds = 10;',
    ].join('\n'));
  });

  it('a custom index without extra options has no WITH OPTIONS', () => {
    const i = parseIndex({ keyspace_name: 'k', table_name: 't', index_name: 'i', kind: 'CUSTOM', options: new Map([['class_name', 'org.example.Idx'], ['target', '"Col"']]) });
    expect(createIndexCql(i)).toBe(`CREATE CUSTOM INDEX i ON k.t ("Col") USING 'org.example.Idx';`);
    expect(i.isSai).toBe(false);
    expect(parseIndex({ keyspace_name: 'k', table_name: 't', index_name: 'j', kind: 'CUSTOM', options: { class_name: 'org.apache.cassandra.index.sai.StorageAttachedIndex', target: 'v' } }).isSai).toBe(true);
  });

  it('a function body holding $$ is a quoted string; aggregates omit absent clauses', () => {
    const f = parseFunction({ keyspace_name: 'k', function_name: 'f', argument_types: ['int'], argument_names: ['Arg'], body: "return '$$';", language: 'java', return_type: 'text', called_on_null_input: true }, resolver);
    expect(createFunctionCql(f)).toBe([
      'CREATE FUNCTION k.f("Arg" int)', '    CALLED ON NULL INPUT', '    RETURNS text', '    LANGUAGE java', "    AS 'return ''$$'';';",
    ].join('\n'));
    const a = parseAggregate({ keyspace_name: 'k', aggregate_name: 'a', argument_types: ['int'], state_func: 'f', state_type: 'int', return_type: 'int', final_func: null, initcond: null }, resolver);
    expect(createAggregateCql(a)).toBe('CREATE AGGREGATE k.a(int)\n    SFUNC f\n    STYPE int;');
  });

  it('virtual keyspaces and tables export as comments', () => {
    const v = buildVirtualKeyspace(fixtureVirtualRows());
    expect(createKeyspaceCql(v)).toMatch(/^\/\*\nWarning: Keyspace system_views is a virtual keyspace[\s\S]*VIRTUAL KEYSPACE system_views;\n\*\/$/);
    expect(createTableCql(v.tables.get('settings')!)).toMatch(/^\/\*\n[\s\S]*VIRTUAL TABLE system_views.settings \(\n    name text PRIMARY KEY,\n    value text\n\) WITH comment = 'current settings';\n\*\/$/);
  });

  it('exportAsCql: whole schema without system keyspaces, one keyspace, one table with its indexes and views, one view', () => {
    const ks = buildKeyspace(fixtureKeyspaceRows());
    const s = SchemaSnapshot.of([ks, buildVirtualKeyspace(fixtureVirtualRows())]);
    const whole = exportAsCql(s);
    expect(whole).toBe(exportAsCql(s, FIXTURE_KS));
    expect(whole).toBe(exportAsCql(ks));
    expect(whole.endsWith(';\n')).toBe(true);
    expect(schemaStatements(s, { includeSystem: true }).some((x) => x.includes('VIRTUAL KEYSPACE system_views'))).toBe(true);
    const users = exportAsCql(s, FIXTURE_KS, 'users');
    const describe = captured_('describe').map((r) => String(r['create_statement']));
    const expected = describe.filter((d) => /fixture_ks\.users[ ;(]|ON fixture_ks\.users |FROM fixture_ks\.users\n/.test(d));
    expect(users).toBe(`${expected.join('\n\n')}\n`);
    expect(exportAsCql(ks, 'users_by_email')).toMatch(/^CREATE MATERIALIZED VIEW fixture_ks.users_by_email AS/);
    expect(exportAsCql(s, 'nope')).toBe('');
    expect(exportAsCql(s, FIXTURE_KS, 'nope')).toBe('');
  });
});
