/** diffSchemas: what two full reads of system_schema differ by, as the events the DDL would have caused. */
import { ClusterMetadata } from '../../../lib/cluster/cluster-metadata';
import { diffSchemas, sameDefinition } from '../../../lib/metadata/schema/diff';
import { SchemaFetcher } from '../../../lib/metadata/schema/fetcher';
import type { SchemaRow } from '../../../lib/metadata/schema/query-runner';
import type { SchemaSnapshot } from '../../../lib/metadata/schema/snapshot';
import { FakeRunner, FIXTURE_KS as KS, fixtureKeyspaceRows } from './fixtures';

const rows = fixtureKeyspaceRows();
const read = (runner: FakeRunner): Promise<SchemaSnapshot> => new SchemaFetcher(runner).fetchAll();
const without = (list: readonly SchemaRow[], column: string, name: string): SchemaRow[] => list.filter((r) => r[column] !== name);
const row = (list: readonly SchemaRow[], column: string, name: string): SchemaRow => {
  const r = list.find((x) => x[column] === name);
  if (!r) throw new Error(`no fixture row ${column} = ${name}`);
  return r;
};

describe('diffSchemas', () => {
  it('finds nothing between two full reads of the same rows (new objects, same definitions)', async () => {
    const runner = FakeRunner.fromFixtures();
    const a = await read(runner);
    const b = await read(runner);
    expect(b.keyspace(KS)).not.toBe(a.keyspace(KS));
    expect(diffSchemas(a, b)).toEqual([]);
    expect(sameDefinition(a.table(KS, 'everything'), b.table(KS, 'everything'))).toBe(true);
  });

  it('reports ALTER TYPE as the type only, not the types, tables and functions that use it', async () => {
    const runner = FakeRunner.fromFixtures();
    const before = await read(runner);
    const geo = row(rows.types, 'type_name', 'geo');
    runner.set('system_schema.types', [...without(rows.types, 'type_name', 'geo'),
      { ...geo, field_names: [...(geo['field_names'] as string[]), 'alt'], field_types: [...(geo['field_types'] as string[]), 'double'] }]);
    const after = await read(runner);
    expect(after.table(KS, 'everything')?.columns.get('a')?.type).not.toEqual(before.table(KS, 'everything')?.columns.get('a')?.type);
    expect(diffSchemas(before, after)).toEqual([{ change: 'updated', target: 'type', keyspace: KS, name: 'geo' }]);
  });

  it('lists drops first (views before what they depend on), then creations and updates', async () => {
    const runner = FakeRunner.fromFixtures();
    const before = await read(runner);
    const users = row(rows.tables, 'table_name', 'users');
    const usersColumns = rows.columns.filter((c) => c['table_name'] === 'users');
    runner.set('system_schema.tables', [...rows.tables, { ...users, table_name: 'audit', id: 'a0000000-0000-4000-8000-000000000001' }]);
    runner.set('system_schema.columns', [...rows.columns, ...usersColumns.map((c) => ({ ...c, table_name: 'audit' }))]);
    runner.set('system_schema.views', without(rows.views, 'view_name', 'users_by_email'));
    runner.set('system_schema.aggregates', []);
    const plus = rows.functions.filter((f) => f['function_name'] === 'plus');
    runner.set('system_schema.functions', [...without(rows.functions, 'function_name', 'plus'), plus[0]!, { ...plus[1]!, body: 'return 42;' }]);
    const after = await read(runner);
    const changedPlus = after.functionsNamed(KS, 'plus').find((f) => f.body === 'return 42;');
    expect(diffSchemas(before, after)).toEqual([
      { change: 'dropped', target: 'view', keyspace: KS, name: 'users_by_email' },
      { change: 'dropped', target: 'aggregate', keyspace: KS, name: 'average', argTypes: ['int'] },
      { change: 'updated', target: 'function', keyspace: KS, name: 'plus', argTypes: changedPlus?.argumentCqlTypes },
      { change: 'created', target: 'table', keyspace: KS, name: 'audit' },
    ]);
  });

  it('reports a table updated by ALTER TABLE ADD and by CREATE INDEX, and dropped + created when recreated (new id)', async () => {
    const runner = FakeRunner.fromFixtures();
    const before = await read(runner);
    const counters = row(rows.tables, 'table_name', 'counters');
    const v = row(rows.columns, 'column_name', 'v');
    runner.set('system_schema.columns', [...rows.columns, { ...v, table_name: 'users', column_name: 'nick', type: 'text', kind: 'regular', position: -1 }]);
    runner.set('system_schema.indexes', [...rows.indexes, { ...rows.indexes[0]!, table_name: 'masked', index_name: 'masked_x' }]);
    runner.set('system_schema.tables', [...without(rows.tables, 'table_name', 'counters'), { ...counters, id: 'b0000000-0000-4000-8000-000000000002' }]);
    expect(diffSchemas(before, await read(runner))).toEqual([
      { change: 'dropped', target: 'table', keyspace: KS, name: 'counters' },
      { change: 'created', target: 'table', keyspace: KS, name: 'counters' },
      { change: 'updated', target: 'table', keyspace: KS, name: 'masked' },
      { change: 'updated', target: 'table', keyspace: KS, name: 'users' },
    ]);
  });

  it('reports a created keyspace with everything in it, a dropped one with everything in it, and ALTER KEYSPACE', async () => {
    const runner = FakeRunner.fromFixtures();
    const before = await read(runner);
    const moved = (list: readonly SchemaRow[]): SchemaRow[] => list.map((r) => ({ ...r, keyspace_name: 'copy' }));
    runner.set('system_schema.keyspaces', [{ ...rows.keyspace, keyspace_name: 'copy' }]);
    for (const [table, list] of [['tables', rows.tables], ['columns', rows.columns], ['views', rows.views], ['types', rows.types],
      ['functions', rows.functions], ['aggregates', rows.aggregates], ['indexes', rows.indexes], ['column_masks', rows.columnMasks ?? []],
    ] as const) runner.set(`system_schema.${table}`, moved(list));
    const after = await read(runner);
    const diff = diffSchemas(before, after);
    const created = diff.filter((d) => d.keyspace === 'copy');
    const dropped = diff.filter((d) => d.keyspace === KS);
    expect(diff).toEqual([...created, ...dropped]); // keyspaces in name order
    expect(created[0]).toEqual({ change: 'created', target: 'keyspace', keyspace: 'copy' });
    expect(created.slice(1, 4).map((d) => d.name)).toEqual(['geo', 'address', 'Person']); // a type after the types it uses
    expect(created.map((d) => d.target).slice(-3)).toEqual(['view', 'view', 'view']);
    expect(created).toHaveLength(1 + 3 + 6 + 1 + 4 + 3); // keyspace, types, functions, aggregate, tables, views
    expect(dropped.map((d) => d.target).slice(0, 3)).toEqual(['view', 'view', 'view']);
    expect(dropped.slice(-4).map((d) => d.name ?? d.target)).toEqual(['Person', 'address', 'geo', 'keyspace']);
    expect(dropped.every((d) => d.change === 'dropped')).toBe(true);

    runner.set('system_schema.keyspaces', [{ ...rows.keyspace, keyspace_name: 'copy', replication: new Map([['class', 'SimpleStrategy'], ['replication_factor', '3']]) }]);
    expect(diffSchemas(after, await read(runner))).toEqual([{ change: 'updated', target: 'keyspace', keyspace: 'copy' }]);
  });
});

describe('ClusterMetadata.resyncSchema', () => {
  it('replaces the snapshot, so replication (routing) and views follow, and returns the differences', async () => {
    const runner = FakeRunner.fromFixtures();
    const metadata = new ClusterMetadata();
    await metadata.loadSchema(runner);
    expect(metadata.replicationOf(KS)).toMatchObject({ dc1: '1' });
    runner.set('system_schema.keyspaces', [{ ...rows.keyspace, replication: new Map([['class', 'NetworkTopologyStrategy'], ['dc1', '3']]) }]);
    runner.set('system_schema.views', [...rows.views, { ...row(rows.views, 'view_name', 'users_by_email'), view_name: 'users_by_nick', id: 'c0000000-0000-4000-8000-000000000003' }]);
    runner.set('system_schema.columns', [...rows.columns, ...rows.columns.filter((c) => c['table_name'] === 'users_by_email').map((c) => ({ ...c, table_name: 'users_by_nick' }))]);
    expect(await metadata.resyncSchema(runner)).toEqual([
      { change: 'updated', target: 'keyspace', keyspace: KS },
      { change: 'created', target: 'view', keyspace: KS, name: 'users_by_nick' },
    ]);
    expect(metadata.replicationOf(KS)).toMatchObject({ dc1: '3' });
    expect(metadata.isView(KS, 'users_by_nick')).toBe(true);
    expect(await metadata.resyncSchema(runner)).toEqual([]);
  });
});
