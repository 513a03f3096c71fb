/** Row → model parsing, on rows a real Cassandra 5.0.6 returned (fixtures/cassandra-5.0-rows.json). */
import { buildKeyspace, buildVirtualKeyspace } from '../../../lib/metadata/schema/keyspace';
import type { KeyspaceMetadata } from '../../../lib/metadata/schema/model';
import { parseTable } from '../../../lib/metadata/schema/relations';
import { resolverFor } from '../../../lib/metadata/schema/user-types';
import { FrozenMap } from '../../../lib/metadata/schema/frozen-map';
import { typeToCql } from '../../../lib/types/cql-type-names';
import { captured_, fixtureKeyspaceRows, fixtureVirtualRows } from './fixtures';

describe('parsing system_schema rows (Cassandra 5.0.6)', () => {
  const ks: KeyspaceMetadata = buildKeyspace(fixtureKeyspaceRows());
  const everything = ks.tables.get('everything')!;

  it('reads the keyspace: replication with its class, durable writes', () => {
    expect(ks.name).toBe('fixture_ks');
    expect(ks.virtual).toBe(false);
    expect(ks.durableWrites).toBe(true);
    expect(ks.replication).toEqual({ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '1' });
    expect([...ks.tables.keys()]).toEqual(['counters', 'everything', 'masked', 'users']);
    expect([...ks.views.keys()]).toEqual(['masked_by_name', 'users_by_country', 'users_by_email']);
  });

  it('orders the composite partition key and clustering columns by position, with their order', () => {
    expect(everything.partitionKey.map((c) => c.name)).toEqual(['tenant', 'bucket']);
    expect(everything.clusteringColumns.map((c) => [c.name, c.clusteringOrder, c.position])).toEqual([['ts', 'DESC', 0], ['seq', 'ASC', 1]]);
    expect(everything.columns.get('tenant')).toMatchObject({ kind: 'partition_key', position: 0, clusteringOrder: 'NONE' });
  });

  it('lists columns in DESCRIBE order: key, clustering, statics, single-cell then multi-cell regulars by name bytes', () => {
    const names = [...everything.columns.keys()];
    expect(names.slice(0, 6)).toEqual(['tenant', 'bucket', 'ts', 'seq', 'owner', 'version']);
    expect(names[6]).toBe('CamelCol'); // 'C' < 'a' in bytes
    expect(names.slice(-4)).toEqual(['here', 'l', 'm', 's']); // non-frozen UDT and collections last
    expect(everything.columns.get('owner')?.kind).toBe('static');
  });

  it('parses every column type, UDTs resolved in the keyspace', () => {
    const type = (name: string): string => typeToCql(everything.columns.get(name)!.type);
    expect(type('v')).toBe('vector<float, 3>');
    expect(type('d')).toBe('duration');
    expect(type('m')).toBe('map<text, frozen<list<int>>>');
    expect(type('fm')).toBe('frozen<map<int, text>>');
    expect(type('fs')).toBe('frozen<set<uuid>>');
    expect(type('t')).toBe('tuple<int, text, frozen<fixture_ks.address>>');
    expect(type('here')).toBe('fixture_ks.geo');
    const p = everything.columns.get('p')!.type;
    expect(p).toMatchObject({ kind: 'udt', name: 'Person', frozen: true });
    const addresses = p.kind === 'udt' ? p.fields[1]?.type : undefined;
    expect(addresses?.kind === 'list' ? addresses.element : undefined).toMatchObject({ kind: 'udt', name: 'address', frozen: true });
    expect(everything.columns.get('p')?.cqlType).toBe('frozen<"Person">');
  });

  it('puts user types in dependency order with their fields in declaration order', () => {
    expect([...ks.userTypes.keys()]).toEqual(['geo', 'address', 'Person']);
    const address = ks.userTypes.get('address')!;
    expect(address.fields.map((f) => f.name)).toEqual(['street', 'city', 'zip', 'location', 'tags']);
    expect(address.type.fields[3]?.type).toMatchObject({ kind: 'udt', name: 'geo', frozen: true });
    expect(ks.userTypes.get('Person')?.fields.map((f) => f.name)).toEqual(['Name', 'addresses', 'select']);
  });

  it('reads options: typed common ones and every option column', () => {
    const o = everything.options;
    expect(o.comment).toBe("All the types, it's quoted");
    expect(o.gcGraceSeconds).toBe(3600);
    expect(o.defaultTimeToLive).toBe(86400);
    expect(o.bloomFilterFpChance).toBe(0.1);
    expect(o.compaction['class']).toBe('org.apache.cassandra.db.compaction.LeveledCompactionStrategy');
    expect(o.compaction['sstable_size_in_mb']).toBe('64');
    expect(o.caching).toEqual({ keys: 'ALL', rows_per_partition: '10' });
    expect(o.memtable).toBe('default');
    expect(o.cdc).toBe(false);
    expect(o.readRepair).toBe('BLOCKING');
    expect(o.extensions).toEqual({});
    expect(o.all.get('allow_auto_snapshot')).toBe(true); // null in the row: 5.0's default
    expect(o.all.get('read_repair_chance')).toBe(0);
    expect(o.all.has('id')).toBe(false);
    expect(everything.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('recognises counter tables by their flags', () => {
    expect(ks.tables.get('counters')?.isCounter).toBe(true);
    expect(ks.tables.get('counters')?.flags).toEqual(['compound', 'counter']);
    expect(everything.isCounter).toBe(false);
  });

  it('reads legacy and SAI indexes', () => {
    expect(everything.indexes.get('everything_m_keys')).toMatchObject({ kind: 'COMPOSITES', target: 'keys(m)', className: null, isSai: false });
    expect(everything.indexes.get('everything_v_sai')).toMatchObject({
      kind: 'CUSTOM', target: 'v', className: 'StorageAttachedIndex', isSai: true,
      options: { class_name: 'StorageAttachedIndex', similarity_function: 'cosine', target: 'v' },
    });
  });

  it('reads materialized views', () => {
    const v = ks.views.get('users_by_email')!;
    expect(v).toMatchObject({ kind: 'view', baseTable: 'users', whereClause: 'email IS NOT NULL AND id IS NOT NULL', includeAllColumns: false });
    expect(v.partitionKey.map((c) => c.name)).toEqual(['email']);
    expect(v.clusteringColumns.map((c) => c.clusteringOrder)).toEqual(['DESC']);
    expect(ks.views.get('users_by_country')?.includeAllColumns).toBe(true);
    expect(v.baseTableId).toBe(ks.tables.get('users')?.id);
  });

  it('reads functions by signature, overloads apart', () => {
    expect([...ks.functions.keys()]).toEqual([
      'avg_final(tuple<int,bigint>)', 'avg_state(tuple<int,bigint>,int)', 'city_of(address)', 'plus(bigint,bigint)', 'plus(int,int)',
      'redact(text,int)',
    ]);
    const f = ks.functions.get('avg_state(tuple<int,bigint>,int)')!;
    expect(f).toMatchObject({ language: 'java', calledOnNullInput: true, argumentNames: ['state', 'val'], deterministic: null, monotonic: null });
    expect(f.argumentTypes.map(typeToCql)).toEqual(['tuple<int, bigint>', 'int']);
    expect(ks.functions.get('city_of(address)')?.argumentTypes[0]).toMatchObject({ kind: 'udt', name: 'address' });
    expect(ks.functions.get('plus(int,int)')).toMatchObject({ calledOnNullInput: false, body: 'return a + b;', returnCqlType: 'int' });
  });

  it('reads aggregates', () => {
    expect(ks.aggregates.get('average(int)')).toMatchObject({
      stateFunction: 'avg_state', stateCqlType: 'frozen<tuple<int, bigint>>', finalFunction: 'avg_final', initCond: '(0, 0)', returnCqlType: 'double',
    });
  });

  it('reads column masks: native and user functions, null, number, text, blob and date arguments', () => {
    const masked = ks.tables.get('masked')!;
    const mask = (name: string): unknown => masked.columns.get(name)?.mask;
    expect(mask('name')).toEqual({ keyspace: 'system', name: 'mask_inner', argumentTypes: ['int', 'int'], argumentValues: ['1', null] });
    expect(mask('nulls')).toEqual({ keyspace: 'system', name: 'mask_outer', argumentTypes: ['int', 'int', 'text'], argumentValues: [null, null, null] });
    expect(mask('gone')).toEqual({ keyspace: 'system', name: 'mask_null', argumentTypes: [], argumentValues: [] });
    expect(mask('code')).toMatchObject({ name: 'mask_replace', argumentTypes: ['int'], argumentValues: ['-1'] });
    expect(mask('raw')).toMatchObject({ argumentTypes: ['blob'], argumentValues: ['cafe'] });
    expect(mask('ratio')).toMatchObject({ argumentTypes: ['double'], argumentValues: ['1.0E300'] });
    expect(mask('seen')).toMatchObject({ argumentTypes: ['timestamp'], argumentValues: ['2020-01-02T03:04:05.000Z'] });
    expect(mask('Nick')).toEqual({ keyspace: 'fixture_ks', name: 'redact', argumentTypes: ['int'], argumentValues: ['2'] });
    expect(mask('seq')).toMatchObject({ name: 'mask_default' });
    expect(mask('plain')).toBeNull();
    expect(everything.columns.toArray().every((c) => c.mask === null)).toBe(true);
    const view = ks.views.get('masked_by_name')!;
    expect(view.columns.get('email')?.mask).toEqual(mask('email'));
    expect(view.columns.get('id')?.mask).toBeNull();
  });

  it('reads virtual keyspaces and tables', () => {
    const v = buildVirtualKeyspace(fixtureVirtualRows());
    expect(v).toMatchObject({ name: 'system_views', virtual: true });
    const settings = v.tables.get('settings')!;
    expect(settings.virtual).toBe(true);
    expect(settings.options.comment).toBe('current settings');
    expect(settings.partitionKey.map((c) => c.name)).toEqual(['name']);
    expect(v.tables.get('clients')?.clusteringColumns.map((c) => c.name)).toEqual(['port']);
  });

  it('turns an unknown user type into an opaque custom type instead of failing', () => {
    const [table] = captured_('tables');
    const t = parseTable({ table: table!, columns: [{ keyspace_name: 'k', table_name: 't', column_name: 'x', kind: 'partition_key', position: 0, clustering_order: 'none', type: 'frozen<missing>' }] },
      resolverFor('k', FrozenMap.empty()));
    expect(t.columns.get('x')?.type).toEqual({ kind: 'custom', className: 'frozen<missing>' });
  });

  it('reads system keyspace tables (system_auth)', () => {
    const rows = captured_('system_auth_tables');
    expect(rows.length).toBeGreaterThan(3);
    const t = parseTable({ table: rows[0]!, columns: [] }, resolverFor('system_auth', FrozenMap.empty()));
    expect(t.keyspace).toBe('system_auth');
    expect(t.options.gcGraceSeconds).toBe(7776000);
  });
});
