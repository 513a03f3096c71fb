/**
 * The object mapper against Cassandra 5.0: every CQL type of spec/types/real/samples.ts (expected
 * values stated by hand) written with `insert` and read back with `get` and `find$` (paged), and
 * every operation: conditional inserts, updates and removes with `wasApplied` and the existing row,
 * TTL, `pages$` resumed from its paging state, batches of mapped writes, registered UDT classes,
 * and refusals with nothing written.
 */
import { firstValueFrom, toArray } from 'rxjs';
import { Cluster, MappingError, type Session } from 'cassandra-rx';
import { col, defineModel, Mapper, type Column, type ColumnRole } from 'cassandra-rx/mapper';
import { valueEquals } from '../../../../lib/types/tuple';
import { contactPoints, ensurePlainCluster } from '../../../support/cassandra/ensure-cluster';
import { COLUMNS, SAMPLE_SETS, UDT_DDL } from '../../../types/real/samples';

const KS = `rx_mapper_${Date.now().toString(36)}`;
const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** One property per sample column (c_ascii → cAscii), of its CQL type. */
const typeColumns: Record<string, Column<unknown, ColumnRole>> = Object.fromEntries(COLUMNS.map((c) => [camel(c.name), col.custom<unknown>(c.cql)]));
const allTypes = defineModel({ keyspace: KS, table: 'all_types', columns: { id: col.int().partitionKey(), ...typeColumns } });

class Address {
  street = '';
  zipCode: number | null = null;
}

interface Task {
  owner: string;
  createdAt: Date;
  title: string | null;
  done: boolean | null;
  home: Address | null;
}

const tasks = defineModel<Task>()({
  keyspace: KS,
  table: 'tasks',
  columns: {
    owner: col.text().partitionKey(),
    createdAt: col.timestamp().clustering('desc'),
    title: col.text(),
    done: col.boolean(),
    home: col.udt<Address>('frozen<address>'),
  },
});

describe('cassandra-rx/mapper against real Cassandra', () => {
  let cluster: Cluster;
  let session: Session;
  let mapper: Mapper;
  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), useBigInt: true });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    for (const ddl of UDT_DDL) await firstValueFrom(session.execute(ddl.replace('EXISTS ', `EXISTS ${KS}.`).replace('frozen<inner_udt>', `frozen<${KS}.inner_udt>`)));
    await firstValueFrom(session.execute(`CREATE TYPE ${KS}.address (street text, zip_code int)`));
    const cols = COLUMNS.map((c) => `${c.name} ${c.cql.replace('outer_udt', `${KS}.outer_udt`)}`).join(', ');
    await firstValueFrom(session.execute(`CREATE TABLE ${KS}.all_types (id int PRIMARY KEY, ${cols})`));
    await firstValueFrom(session.execute(`CREATE TABLE ${KS}.tasks (owner text, created_at timestamp, title text, done boolean, home frozen<address>, PRIMARY KEY (owner, created_at)) WITH CLUSTERING ORDER BY (created_at DESC)`));
    cluster.registerUserType(KS, 'address', Address);
    mapper = new Mapper(session);
  }, 120_000);
  afterAll(async () => {
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  const sampleRow = (set: number): Record<string, unknown> =>
    ({ id: set, ...Object.fromEntries(COLUMNS.map((c) => [camel(c.name), c.samples[set]?.[1]])) });

  const differences = (label: string, got: Record<string, unknown> | null, set: number): string[] =>
    COLUMNS.filter((c) => !valueEquals(got?.[camel(c.name)], c.samples[set]?.[1])).map((c) => `${label} ${SAMPLE_SETS[set]} ${c.name}: got ${String(got?.[camel(c.name)])}`);

  it('every CQL type: insert each sample set, get it back, find$ all of them page by page', async () => {
    const repo = mapper.forModel(allTypes);
    const problems: string[] = [];
    for (let set = 0; set < SAMPLE_SETS.length; set++) {
      const r = await firstValueFrom(repo.insert(sampleRow(set) as never));
      expect(r.wasApplied).toBe(true);
      problems.push(...differences('get', await firstValueFrom(repo.get({ id: set })), set));
    }
    const all = await firstValueFrom(repo.find$({}, { fetchSize: 2 }).pipe(toArray()));
    expect(all).toHaveLength(SAMPLE_SETS.length);
    for (const row of all) problems.push(...differences('find$', row, Number(row.id)));
    expect(problems).toEqual([]);
  });

  it('insert ifNotExists: applied once, then not applied with the existing row', async () => {
    const repo = mapper.forModel(tasks);
    const at = new Date(Date.UTC(2024, 0, 1));
    const home = Object.assign(new Address(), { street: 'Main', zipCode: 1 });
    expect((await firstValueFrom(repo.insert({ owner: 'ada', createdAt: at, title: 'first', home }, { ifNotExists: true }))).wasApplied).toBe(true);
    const again = await firstValueFrom(repo.insert({ owner: 'ada', createdAt: at, title: 'second' }, { ifNotExists: true }));
    expect(again.wasApplied).toBe(false);
    expect(again.existing?.title).toBe('first');
    const got = await firstValueFrom(repo.get({ owner: 'ada', createdAt: at }));
    expect(got?.home).toBeInstanceOf(Address);
    expect(got).toEqual({ owner: 'ada', createdAt: at, title: 'first', done: null, home });
  });

  it('update: plain, with if conditions (applied and not), and ifExists on a missing row', async () => {
    const repo = mapper.forModel(tasks);
    const at = new Date(Date.UTC(2024, 0, 2));
    await firstValueFrom(repo.insert({ owner: 'bob', createdAt: at, title: 't', done: false }));
    expect((await firstValueFrom(repo.update({ owner: 'bob', createdAt: at, title: 'renamed' }))).wasApplied).toBe(true);
    const notMet = await firstValueFrom(repo.update({ owner: 'bob', createdAt: at, done: true }, { if: { title: 't' } }));
    expect(notMet.wasApplied).toBe(false);
    expect(notMet.existing).toEqual({ title: 'renamed' });
    expect((await firstValueFrom(repo.update({ owner: 'bob', createdAt: at, done: true }, { if: { title: 'renamed' } }))).wasApplied).toBe(true);
    expect((await firstValueFrom(repo.update({ owner: 'nobody', createdAt: at, done: true }, { ifExists: true }))).wasApplied).toBe(false);
    expect(await firstValueFrom(repo.get({ owner: 'bob', createdAt: at }))).toMatchObject({ title: 'renamed', done: true });
    expect(await firstValueFrom(repo.get({ owner: 'nobody', createdAt: at }))).toBeNull();
  });

  it('remove: with if conditions and ifExists', async () => {
    const repo = mapper.forModel(tasks);
    const at = new Date(Date.UTC(2024, 0, 3));
    await firstValueFrom(repo.insert({ owner: 'cy', createdAt: at, title: 'keep' }));
    expect((await firstValueFrom(repo.remove({ owner: 'cy', createdAt: at }, { if: { title: 'other' } }))).wasApplied).toBe(false);
    expect((await firstValueFrom(repo.remove({ owner: 'cy', createdAt: at }, { ifExists: true }))).wasApplied).toBe(true);
    expect((await firstValueFrom(repo.remove({ owner: 'cy', createdAt: at }, { ifExists: true }))).wasApplied).toBe(false);
    expect(await firstValueFrom(repo.get({ owner: 'cy', createdAt: at }))).toBeNull();
  });

  it('insert with ttl; find$ with orderBy and limit; pages$ resumed from its paging state', async () => {
    const repo = mapper.forModel(tasks);
    for (let i = 0; i < 5; i++) await firstValueFrom(repo.insert({ owner: 'dee', createdAt: new Date(Date.UTC(2024, 1, 1 + i)), title: `t${i}` }, { ttl: 3600 }));
    const ttl = await firstValueFrom(session.execute(`SELECT TTL(title) AS t FROM ${KS}.tasks WHERE owner = 'dee' LIMIT 1`));
    expect(Number(ttl.first()?.['t'])).toBeGreaterThan(3500);
    const oldestFirst = await firstValueFrom(repo.find$({ owner: 'dee' }, { orderBy: { createdAt: 'asc' }, limit: 2 }).pipe(toArray()));
    expect(oldestFirst.map((t) => t.title)).toEqual(['t0', 't1']);
    const first = await firstValueFrom(repo.pages$({ owner: 'dee' }, { fetchSize: 3 }));
    expect(first.items.map((t) => t.title)).toEqual(['t4', 't3', 't2']);
    expect(first.pagingState).not.toBeNull();
    const rest = await firstValueFrom(repo.pages$({ owner: 'dee' }, { fetchSize: 3, pagingState: first.pagingState as Buffer }));
    expect(rest.items.map((t) => t.title)).toEqual(['t1', 't0']);
  });

  it('batch: mapped inserts, updates and removes of a partition in one logged batch', async () => {
    const repo = mapper.forModel(tasks);
    const day = (d: number): Date => new Date(Date.UTC(2024, 2, d));
    await firstValueFrom(repo.insert({ owner: 'eve', createdAt: day(1), title: 'gone soon' }));
    const r = await firstValueFrom(mapper.batch([
      repo.ops.insert({ owner: 'eve', createdAt: day(2), title: 'new' }),
      repo.ops.update({ owner: 'eve', createdAt: day(3), done: true }),
      repo.ops.remove({ owner: 'eve', createdAt: day(1) }),
    ]));
    expect(r.wasApplied).toBe(true);
    const left = await firstValueFrom(repo.find$({ owner: 'eve' }).pipe(toArray()));
    expect(left.map((t) => [t.createdAt.toISOString().slice(0, 10), t.title, t.done])).toEqual([['2024-03-03', null, true], ['2024-03-02', 'new', null]]);
  });

  it('bad input: a value of the wrong type, an unmapped criterion, a missing key — MappingError, nothing written', async () => {
    const repo = mapper.forModel(tasks);
    const at = new Date(Date.UTC(2024, 3, 1));
    const wrong = await firstValueFrom(repo.insert({ owner: 'fay', createdAt: at, done: 'yes' as unknown as boolean })).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(MappingError);
    expect([(wrong as MappingError).model, (wrong as MappingError).property, (wrong as MappingError).column]).toEqual([`${KS}.tasks`, 'done', 'done']);
    await expect(firstValueFrom(repo.find$({ priority: 1 } as never))).rejects.toThrow(/property "priority".*is not mapped/);
    await expect(firstValueFrom(repo.insert({ owner: 'fay' } as never))).rejects.toThrow(/"createdAt" \(column "created_at"\).*primary key/);
    expect(await firstValueFrom(repo.find$({ owner: 'fay' }).pipe(toArray()))).toEqual([]);
  });
});
