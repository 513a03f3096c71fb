/** Snapshot immutability, structural sharing across incremental refreshes, and the fetcher's queries. */
import { SchemaFetcher } from '../../../lib/metadata/schema/fetcher';
import { FrozenMap } from '../../../lib/metadata/schema/frozen-map';
import { buildKeyspace } from '../../../lib/metadata/schema/keyspace';
import type { SchemaRow } from '../../../lib/metadata/schema/query-runner';
import {
  refreshAggregate, refreshFunction, refreshKeyspace, refreshKeyspaceOptions, refreshTable, refreshType, type RelationRows,
} from '../../../lib/metadata/schema/refresh';
import { SchemaSnapshot } from '../../../lib/metadata/schema/snapshot';
import type { SchemaChange } from '../../../lib/protocol/events';
import { FakeRunner, FIXTURE_KS as KS, fixtureKeyspaceRows } from './fixtures';

const base = (): SchemaSnapshot => SchemaSnapshot.of([buildKeyspace(fixtureKeyspaceRows())]);

function relationRows(name: string, patch: (rows: RelationRows) => RelationRows = (r) => r): RelationRows {
  const k = fixtureKeyspaceRows();
  const of = (rows: readonly SchemaRow[], column = 'table_name'): SchemaRow[] => rows.filter((r) => r[column] === name);
  return patch({
    tables: of(k.tables), views: of(k.views, 'view_name'), columns: of(k.columns), indexes: of(k.indexes),
    triggers: of(k.triggers), droppedColumns: of(k.droppedColumns),
  });
}

describe('SchemaSnapshot', () => {
  it('is frozen all the way down', () => {
    const s = base();
    const ks = s.keyspace(KS)!;
    const t = s.table(KS, 'everything')!;
    for (const o of [s, ks, ks.replication, t, t.columns, t.options, t.options.compaction, t.partitionKey, t.columns.get('p')!.type, ks.userTypes.get('address')!.type]) {
      expect(Object.isFrozen(o)).toBe(true);
    }
    expect(() => { (ks as { name: string }).name = 'x'; }).toThrow(TypeError);
    expect(() => { (ks.replication as Record<string, string>)['dc2'] = '3'; }).toThrow(TypeError);
    expect('set' in t.columns).toBe(false);
    expect(s.keyspaces()).toBe(s.keyspaces());
    expect(Object.isFrozen(s.keyspaces())).toBe(true);
  });

  it('looks things up by name and by function signature', () => {
    const s = base();
    expect(s.table(KS, 'users')?.name).toBe('users');
    expect(s.view(KS, 'users_by_email')?.baseTable).toBe('users');
    expect(s.viewsOf(KS, 'users').map((v) => v.name)).toEqual(['users_by_country', 'users_by_email']);
    expect(s.index(KS, 'users_email_sai')?.isSai).toBe(true);
    expect(s.userType(KS, 'Person')?.fields).toHaveLength(3);
    expect(s.function(KS, 'avg_state', ['frozen<tuple<int, bigint>>', 'int'])?.name).toBe('avg_state');
    expect(s.function(KS, 'avg_state', ['tuple<int,bigint>', 'int'])?.name).toBe('avg_state');
    expect(s.functionsNamed(KS, 'plus')).toHaveLength(2);
    expect(s.aggregate(KS, 'average', ['int'])?.finalFunction).toBe('avg_final');
    expect(s.table('nope', 'users')).toBeUndefined();
    expect(s.keyspace('constructor')).toBeUndefined();
  });

  it('withKeyspace / withoutKeyspace build new snapshots and share the other keyspaces', () => {
    const s = base();
    const other = buildKeyspace({ ...fixtureKeyspaceRows(), keyspace: { keyspace_name: 'another', durable_writes: false, replication: new Map([['class', 'SimpleStrategy'], ['replication_factor', '1']]) }, tables: [], columns: [], views: [], indexes: [] });
    const s2 = s.withKeyspace(other);
    expect(s2).not.toBe(s);
    expect(s2.keyspaces().map((k) => k.name)).toEqual(['another', KS]);
    expect(s2.keyspace(KS)).toBe(s.keyspace(KS));
    expect(s.keyspace('another')).toBeUndefined();
    expect(s2.withoutKeyspace('another').keyspace(KS)).toBe(s.keyspace(KS));
    expect(s.withoutKeyspace('missing')).toBe(s);
  });
});

describe('incremental refresh', () => {
  it('refreshTable replaces one table and shares the others, types and functions', () => {
    const s = base();
    const rows = relationRows('users', (r) => ({ ...r, columns: [...r.columns, { ...r.columns[0]!, column_name: 'nick', kind: 'regular', position: -1, type: 'text' }] }));
    const s2 = refreshTable(s, KS, 'users', rows);
    expect(s2.table(KS, 'users')?.columns.has('nick')).toBe(true);
    expect(s.table(KS, 'users')?.columns.has('nick')).toBe(false);
    expect(s2.table(KS, 'everything')).toBe(s.table(KS, 'everything'));
    expect(s2.keyspace(KS)?.userTypes).toBe(s.keyspace(KS)?.userTypes);
    expect(s2.keyspace(KS)?.functions).toBe(s.keyspace(KS)?.functions);
  });

  it('refreshTable with no rows drops the table or view; a view row makes a view', () => {
    const s = base();
    const none: RelationRows = { tables: [], views: [], columns: [], indexes: [], triggers: [], droppedColumns: [] };
    expect(refreshTable(s, KS, 'counters', none).table(KS, 'counters')).toBeUndefined();
    expect(refreshTable(s, KS, 'users_by_email', none).view(KS, 'users_by_email')).toBeUndefined();
    expect(refreshTable(s, KS, 'missing', none)).toBe(s);
    const v = refreshTable(s, KS, 'users_by_email', relationRows('users_by_email'));
    expect(v.view(KS, 'users_by_email')?.baseTable).toBe('users');
    expect(v.view(KS, 'users_by_country')).toBe(s.view(KS, 'users_by_country'));
    expect(refreshTable(s, 'unknown_ks', 'users', relationRows('users'))).toBe(s);
  });

  it('refreshType re-resolves the types, columns and functions that use the type, and only those', () => {
    const s = base();
    const s2 = refreshType(s, KS, 'geo', [{ keyspace_name: KS, type_name: 'geo', field_names: ['lat', 'lon', 'alt'], field_types: ['double', 'double', 'double'] }]);
    const geoFields = (t: unknown): number => (t as { fields: unknown[] }).fields.length;
    expect(geoFields(s2.userType(KS, 'geo')?.type)).toBe(3);
    expect(geoFields(s2.table(KS, 'everything')?.columns.get('here')?.type)).toBe(3);
    const location = s2.userType(KS, 'address')?.type.fields[3]?.type;
    expect(geoFields(location)).toBe(3);
    expect(s2.table(KS, 'users')).toBe(s.table(KS, 'users'));
    expect(s2.table(KS, 'counters')).toBe(s.table(KS, 'counters'));
    expect(s2.function(KS, 'plus', ['int', 'int'])).toBe(s.function(KS, 'plus', ['int', 'int']));
    expect(s2.function(KS, 'city_of', ['address'])).not.toBe(s.function(KS, 'city_of', ['address']));
    expect([...s2.keyspace(KS)!.userTypes.keys()]).toEqual(['geo', 'address', 'Person']);
    expect(geoFields(s.table(KS, 'everything')?.columns.get('here')?.type)).toBe(2); // the old snapshot is untouched
  });

  it('refreshType with no rows drops the type', () => {
    const s = base();
    expect(refreshType(s, KS, 'Person', []).userType(KS, 'Person')).toBeUndefined();
  });

  it('refreshFunction / refreshAggregate add, replace and drop one overload', () => {
    const s = base();
    const k = fixtureKeyspaceRows();
    const plusInt = k.functions.filter((f) => f['function_name'] === 'plus' && (f['argument_types'] as string[])[0] === 'int');
    const changed = plusInt.map((r) => ({ ...r, body: 'return a - b;' }));
    const s2 = refreshFunction(s, KS, 'plus', ['int', 'int'], changed);
    expect(s2.function(KS, 'plus', ['int', 'int'])?.body).toBe('return a - b;');
    expect(s2.function(KS, 'plus', ['bigint', 'bigint'])).toBe(s.function(KS, 'plus', ['bigint', 'bigint']));
    expect(refreshFunction(s, KS, 'plus', ['int', 'int'], []).functionsNamed(KS, 'plus')).toHaveLength(1);
    expect(refreshFunction(s, KS, 'nothing', ['int'], [])).toBe(s);
    expect(refreshAggregate(s, KS, 'average', ['int'], []).aggregate(KS, 'average', ['int'])).toBeUndefined();
    const agg = refreshAggregate(s, KS, 'average', ['int'], k.aggregates.map((a) => ({ ...a, initcond: '(1, 1)' })));
    expect(agg.aggregate(KS, 'average', ['int'])?.initCond).toBe('(1, 1)');
  });

  it('refreshKeyspaceOptions changes replication only; refreshKeyspace rebuilds or drops', () => {
    const s = base();
    const s2 = refreshKeyspaceOptions(s, KS, { keyspace_name: KS, durable_writes: false, replication: new Map([['class', 'org.apache.cassandra.locator.NetworkTopologyStrategy'], ['dc1', '3']]) });
    expect(s2.keyspace(KS)?.replication['dc1']).toBe('3');
    expect(s2.keyspace(KS)?.durableWrites).toBe(false);
    expect(s2.keyspace(KS)?.tables).toBe(s.keyspace(KS)?.tables);
    expect(refreshKeyspace(s, KS, { ...fixtureKeyspaceRows(), keyspace: undefined }).keyspace(KS)).toBeUndefined();
    expect(refreshKeyspace(SchemaSnapshot.EMPTY, KS, fixtureKeyspaceRows()).table(KS, 'users')).toBeDefined();
  });
});

describe('SchemaFetcher', () => {
  const change = (c: string, target: SchemaChange['target'], name: string | null = null, argTypes: string[] | null = null): SchemaChange =>
    ({ change: c, target, keyspace: KS, name, argTypes });

  it('fetchAll reads every system_schema table once (column_masks included) plus the virtual schema', async () => {
    const runner = FakeRunner.fromFixtures();
    const s = await new SchemaFetcher(runner).fetchAll();
    expect(runner.queries).toHaveLength(14);
    expect(s.keyspaces().map((k) => k.name)).toEqual([KS, 'system_views']);
    expect(s.keyspace(KS)?.tables.size).toBe(4);
  });

  it('treats a missing system_virtual_schema (Cassandra 3.x) as no virtual keyspaces', async () => {
    const runner = FakeRunner.fromFixtures();
    const failing = { query: (cql: string, p?: readonly unknown[]) => (cql.includes('virtual') ? Promise.reject(new Error('unconfigured table')) : runner.query(cql, p)) };
    const s = await new SchemaFetcher(failing).fetchAll();
    expect(s.keyspaces().map((k) => k.name)).toEqual([KS]);
  });

  it('refresh reads only what the change names', async () => {
    const runner = FakeRunner.fromFixtures();
    const fetcher = new SchemaFetcher(runner);
    const s = await fetcher.fetchAll();
    runner.queries.length = 0;
    const t = await fetcher.refresh(s, change('UPDATED', 'TABLE', 'users'));
    expect(runner.queries.every((q) => q.includes('table_name = ?') || q.includes('view_name = ?'))).toBe(true);
    expect(t.table(KS, 'users')).not.toBe(s.table(KS, 'users'));
    expect(t.table(KS, 'everything')).toBe(s.table(KS, 'everything'));
    runner.queries.length = 0;
    expect((await fetcher.refresh(s, change('DROPPED', 'TABLE', 'users'))).table(KS, 'users')).toBeUndefined();
    expect((await fetcher.refresh(s, change('DROPPED', 'KEYSPACE'))).keyspace(KS)).toBeUndefined();
    expect(runner.queries).toEqual([]);
    const f = await fetcher.refresh(s, change('UPDATED', 'FUNCTION', 'plus', ['int', 'int']));
    expect(f.function(KS, 'plus', ['int', 'int'])).not.toBe(s.function(KS, 'plus', ['int', 'int']));
    expect(f.function(KS, 'plus', ['bigint', 'bigint'])).toBe(s.function(KS, 'plus', ['bigint', 'bigint']));
    const a = await fetcher.refresh(s, change('UPDATED', 'AGGREGATE', 'average', ['int']));
    expect(a.aggregate(KS, 'average', ['int'])?.stateFunction).toBe('avg_state');
    const ty = await fetcher.refresh(s, change('UPDATED', 'TYPE', 'geo'));
    expect(ty.userType(KS, 'geo')).toBeDefined();
    const ko = await fetcher.refresh(s, change('UPDATED', 'KEYSPACE'));
    expect(ko.keyspace(KS)?.tables).toBe(s.keyspace(KS)?.tables);
  });

  it('a change in an unknown keyspace reads the whole keyspace', async () => {
    const runner = FakeRunner.fromFixtures();
    const s = await new SchemaFetcher(runner).refresh(SchemaSnapshot.EMPTY, change('CREATED', 'TABLE', 'users'));
    expect(s.keyspace(KS)?.tables.size).toBe(4);
    expect(FrozenMap.empty<string, number>().size).toBe(0);
  });
});
