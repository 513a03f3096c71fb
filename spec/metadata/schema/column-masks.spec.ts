/**
 * Cassandra 5.0 column masks: `system_schema.column_masks` rows into `ColumnMask`s (null
 * arguments flagged in `function_argument_nulls`), the `MASKED WITH` clause of the table export
 * (text literals quoted, numbers bare, blobs as 0x…, null), views carrying masks without printing
 * them, incremental refresh, and servers without the table (before 5.0).
 */
import { maskArgumentLiteral, maskCql, parseColumnMask } from '../../../lib/metadata/schema/column-masks';
import { createTableCql, createViewCql } from '../../../lib/metadata/schema/export-relations';
import { SchemaFetcher } from '../../../lib/metadata/schema/fetcher';
import { FrozenMap } from '../../../lib/metadata/schema/frozen-map';
import { buildKeyspace } from '../../../lib/metadata/schema/keyspace';
import type { SchemaRow } from '../../../lib/metadata/schema/query-runner';
import { refreshTable } from '../../../lib/metadata/schema/refresh';
import { parseTable, parseView } from '../../../lib/metadata/schema/relations';
import { SchemaSnapshot } from '../../../lib/metadata/schema/snapshot';
import { resolverFor } from '../../../lib/metadata/schema/user-types';
import { InvalidQueryError } from '../../../lib/errors/server-errors';
import { FakeRunner, FIXTURE_KS, fixtureKeyspaceRows } from './fixtures';

const resolver = resolverFor('k', FrozenMap.empty());
const col = (name: string, kind: string, position: number, type: string): SchemaRow =>
  ({ keyspace_name: 'k', table_name: 't', column_name: name, kind, position, type, clustering_order: 'none' });
/** A column_masks row as 5.0 writes it: values in their type's text form, '' and a true flag for null. */
const maskRow = (column: string, fn: string, args: Array<[string, string | null]>, keyspace = 'system', table = 't'): SchemaRow => ({
  keyspace_name: 'k', table_name: table, column_name: column, function_keyspace: keyspace, function_name: fn,
  function_argument_types: args.map(([t]) => t),
  function_argument_values: args.map(([, v]) => v ?? ''),
  function_argument_nulls: args.map(([, v]) => v === null),
});

const COLUMNS = [
  col('id', 'partition_key', 0, 'int'), col('a', 'regular', -1, 'text'), col('b', 'regular', -1, 'text'),
  col('c', 'regular', -1, 'int'), col('d', 'regular', -1, 'blob'), col('e', 'regular', -1, 'text'), col('plain', 'regular', -1, 'text'),
];
const MASKS = [
  maskRow('a', 'mask_inner', [['int', '1'], ['int', null]]),
  maskRow('b', 'mask_replace', [['text', "it's ***"]]),
  maskRow('c', 'mask_default', []),
  maskRow('d', 'mask_hash', [['text', 'SHA-256']]),
  maskRow('e', 'Redact', [['int', '-2'], ['text', null]], 'k'),
];

describe('column masks', () => {
  it('reads a column_masks row: function, argument types, values with nulls', () => {
    expect(parseColumnMask(MASKS[0]!)).toEqual({ keyspace: 'system', name: 'mask_inner', argumentTypes: ['int', 'int'], argumentValues: ['1', null] });
    expect(parseColumnMask(MASKS[1]!).argumentValues).toEqual(["it's ***"]);
    expect(parseColumnMask(MASKS[2]!)).toEqual({ keyspace: 'system', name: 'mask_default', argumentTypes: [], argumentValues: [] });
    const noLists = parseColumnMask({ column_name: 'x', function_keyspace: 'system', function_name: 'mask_null' });
    expect(noLists).toEqual({ keyspace: 'system', name: 'mask_null', argumentTypes: [], argumentValues: [] });
    // An empty string that is not flagged null stays an empty string.
    expect(parseColumnMask({ ...MASKS[1]!, function_argument_values: [''], function_argument_nulls: [false] }).argumentValues).toEqual(['']);
    expect(Object.isFrozen(parseColumnMask(MASKS[0]!).argumentValues)).toBe(true);
  });

  it('prints arguments as CQL literals', () => {
    expect(maskArgumentLiteral('text', "it's")).toBe("'it''s'");
    expect(maskArgumentLiteral('ascii', '')).toBe("''");
    expect(maskArgumentLiteral('int', '-1')).toBe('-1');
    expect(maskArgumentLiteral('double', '1.5E10')).toBe('1.5E10');
    expect(maskArgumentLiteral('boolean', 'false')).toBe('false');
    expect(maskArgumentLiteral('uuid', '5d4e3a8b-0c52-4b3a-9a59-1c2d3e4f5a6b')).toBe('5d4e3a8b-0c52-4b3a-9a59-1c2d3e4f5a6b');
    expect(maskArgumentLiteral('blob', 'cafe')).toBe('0xcafe');
    expect(maskArgumentLiteral('date', '2000-01-31')).toBe("'2000-01-31'");
    expect(maskArgumentLiteral('timestamp', '2020-01-02T03:04:05.000Z')).toBe("'2020-01-02T03:04:05.000Z'");
    expect(maskArgumentLiteral('time', '01:02:03.000004000')).toBe("'01:02:03.000004000'");
    expect(maskArgumentLiteral('inet', '10.0.0.1')).toBe("'10.0.0.1'");
    expect(maskArgumentLiteral('duration', '1h2m')).toBe('1h2m');
    expect(maskArgumentLiteral('decimal', '1.50')).toBe('1.50');
    expect(maskArgumentLiteral('int', null)).toBe('null');
    expect(maskArgumentLiteral('text', null)).toBe('null');
    expect(maskCql(parseColumnMask(MASKS[0]!))).toBe('system.mask_inner(1, null)');
    expect(maskCql(parseColumnMask(MASKS[4]!))).toBe('k."Redact"(-2, null)');
  });

  it('puts masks on the columns of a table and prints MASKED WITH after the type', () => {
    const t = parseTable({ table: { keyspace_name: 'k', table_name: 't', comment: '' }, columns: COLUMNS, columnMasks: MASKS }, resolver);
    expect(t.columns.get('a')?.mask).toEqual({ keyspace: 'system', name: 'mask_inner', argumentTypes: ['int', 'int'], argumentValues: ['1', null] });
    expect(t.columns.get('plain')?.mask).toBeNull();
    expect(t.columns.get('id')?.mask).toBeNull();
    expect(createTableCql(t)).toBe([
      'CREATE TABLE k.t (',
      '    id int PRIMARY KEY,',
      '    a text MASKED WITH system.mask_inner(1, null),',
      "    b text MASKED WITH system.mask_replace('it''s ***'),",
      '    c int MASKED WITH system.mask_default(),',
      "    d blob MASKED WITH system.mask_hash('SHA-256'),",
      '    e text MASKED WITH k."Redact"(-2, null),',
      '    plain text',
      ") WITH comment = '';",
    ].join('\n'));
  });

  it('prints a masked static column and a masked inline key in Cassandra\'s order', () => {
    const t = parseTable({
      table: { keyspace_name: 'k', table_name: 't' },
      columns: [col('id', 'partition_key', 0, 'text'), col('c', 'clustering', 0, 'int'), col('s', 'static', -1, 'int')],
      columnMasks: [maskRow('id', 'mask_null', []), maskRow('s', 'mask_replace', [['int', '0']])],
    }, resolver);
    expect(createTableCql(t).split('\n').slice(1, 4)).toEqual([
      '    id text MASKED WITH system.mask_null(),',
      '    c int,',
      '    s int static MASKED WITH system.mask_replace(0),',
    ]);
    const inline = parseTable({ table: { keyspace_name: 'k', table_name: 't' }, columns: [col('id', 'partition_key', 0, 'text')], columnMasks: [maskRow('id', 'mask_null', [])] }, resolver);
    expect(createTableCql(inline).split('\n')[1]).toBe('    id text MASKED WITH system.mask_null() PRIMARY KEY');
  });

  it('keeps the masks of a view\'s columns in the model; CREATE MATERIALIZED VIEW prints none', () => {
    const view = { keyspace_name: 'k', view_name: 'v', base_table_name: 't', where_clause: 'a IS NOT NULL AND id IS NOT NULL', include_all_columns: false };
    const columns = [{ ...col('a', 'partition_key', 0, 'text'), table_name: 'v' }, { ...col('id', 'clustering', 0, 'int'), table_name: 'v' }];
    const v = parseView(view, columns, resolver, [maskRow('a', 'mask_inner', [['int', '1'], ['int', null]], 'system', 'v')]);
    expect(v.columns.get('a')?.mask?.name).toBe('mask_inner');
    expect(createViewCql(v)).not.toContain('MASKED');
  });
});

describe('column masks through the fetcher', () => {
  const masked = (runner: FakeRunner): FakeRunner => {
    runner.set('system_schema.column_masks', [{
      keyspace_name: FIXTURE_KS, table_name: 'users', column_name: 'email', function_keyspace: 'system', function_name: 'mask_inner',
      function_argument_types: ['int', 'int'], function_argument_values: ['1', ''], function_argument_nulls: [false, true],
    }]);
    return runner;
  };

  it('fetchAll and a table refresh read system_schema.column_masks', async () => {
    const runner = masked(FakeRunner.fromFixtures());
    const fetcher = new SchemaFetcher(runner);
    const s = await fetcher.fetchAll();
    expect(runner.queries).toContain('SELECT * FROM system_schema.column_masks');
    expect(s.table(FIXTURE_KS, 'users')?.columns.get('email')?.mask?.argumentValues).toEqual(['1', null]);
    runner.set('system_schema.column_masks', []);
    runner.queries.length = 0;
    const unmasked = await fetcher.refresh(s, { change: 'UPDATED', target: 'TABLE', keyspace: FIXTURE_KS, name: 'users', argTypes: null });
    expect(runner.queries).toContain('SELECT * FROM system_schema.column_masks WHERE keyspace_name = ? AND table_name = ?');
    expect(unmasked.table(FIXTURE_KS, 'users')?.columns.get('email')?.mask).toBeNull();
    const ks = await fetcher.keyspaceRows(FIXTURE_KS);
    expect(ks.columnMasks).toEqual([]);
  });

  it('refreshTable applies fresh column_masks rows and shares the other tables', () => {
    const k = fixtureKeyspaceRows();
    const s = SchemaSnapshot.of([buildKeyspace(k)]);
    const of = (rows: readonly SchemaRow[]): SchemaRow[] => rows.filter((r) => r['table_name'] === 'users');
    const mask = { ...maskRow('email', 'mask_null', [], 'system', 'users'), keyspace_name: FIXTURE_KS };
    const next = refreshTable(s, FIXTURE_KS, 'users', {
      tables: of(k.tables), views: [], columns: of(k.columns), indexes: of(k.indexes), triggers: [], droppedColumns: [], columnMasks: [mask],
    });
    expect(next.table(FIXTURE_KS, 'users')?.columns.get('email')?.mask?.name).toBe('mask_null');
    expect(next.table(FIXTURE_KS, 'counters')).toBe(s.table(FIXTURE_KS, 'counters'));
  });

  it('a server without system_schema.column_masks (before 5.0) reads as no masks; other errors still fail', async () => {
    const runner = FakeRunner.fromFixtures();
    const failWith = (error: Error) => ({
      query: (cql: string, p?: readonly unknown[]) => (cql.includes('column_masks') ? Promise.reject(error) : runner.query(cql, p)),
    });
    const old = new SchemaFetcher(failWith(new InvalidQueryError('unconfigured table column_masks')));
    const s = await old.fetchAll();
    expect(s.keyspace(FIXTURE_KS)?.tables.size).toBeGreaterThan(0);
    expect([...s.table(FIXTURE_KS, 'users')!.columns.values()].every((c) => c.mask === null)).toBe(true);
    expect((await old.relationRows(FIXTURE_KS, 'users')).columnMasks).toEqual([]);
    expect((await new SchemaFetcher(failWith(new Error('unconfigured table column_masks'))).keyspaceRows(FIXTURE_KS)).columnMasks).toEqual([]);
    await expect(new SchemaFetcher(failWith(new Error('connection reset'))).fetchAll()).rejects.toThrow('connection reset');
  });
});
