/**
 * Registered user types and custom codecs against Cassandra 5.0: application classes go in through
 * prepared and unprepared statements and come back as instances (nested UDTs, UDTs in lists, maps
 * and tuples); rows written with CQL literals (Cassandra's own parser) decode into them too; a
 * registration for a missing type is refused; an ALTER TYPE breaks the registration (log$ says so,
 * reads fail with UserTypeMismatchError).
 */
import Long from 'long';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { BigDecimal, Cluster, Tuple, UserTypeMismatchError, type CustomCodec, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';

const KS = `rx_typed_${Date.now().toString(36)}`;

class Address {
  street = '';
  zipCode: number | null = null;
}

class Person {
  name = '';
  home: Address | null = null;
}

class Money {
  constructor(readonly cents: bigint) {}
}

/** A date class of the application (stands for a date library's). */
class Instant {
  constructor(readonly epochMs: number) {}
}

const money: CustomCodec<Money, 'decimal'> =
  { cqlType: 'decimal', is: (v): v is Money => v instanceof Money, fromCql: (d) => new Money(d.unscaled * 10n ** BigInt(2 - d.scale)), toCql: (m) => new BigDecimal(m.cents, 2) };
const instant: CustomCodec<Instant, 'timestamp'> =
  { cqlType: 'timestamp', is: (v): v is Instant => v instanceof Instant, fromCql: (d) => new Instant(d.getTime()), toCql: (i) => new Date(i.epochMs) };
const native: CustomCodec<bigint, 'bigint'> =
  { cqlType: 'bigint', is: (v): v is bigint => typeof v === 'bigint', fromCql: (l) => (typeof l === 'bigint' ? l : BigInt(l.toString())), toCql: (b) => Long.fromString(b.toString()) };

const addr = (street: string, zipCode: number | null): Address => Object.assign(new Address(), { street, zipCode });

describe('Registered user types and codecs against real Cassandra', () => {
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints() });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`CREATE TYPE ${KS}.address (street text, zip_code int)`));
    await firstValueFrom(session.execute(`CREATE TYPE ${KS}.person (name text, home frozen<address>)`));
    await firstValueFrom(session.execute(`CREATE TABLE ${KS}.t (id int PRIMARY KEY, home frozen<address>, others list<frozen<address>>,
      by_name map<text, frozen<address>>, pair tuple<int, frozen<address>>, who frozen<person>, balance decimal, big bigint, at timestamp)`));
    cluster.registerUserType(KS, 'address', Address);
    cluster.registerUserType(KS, 'person', Person);
    cluster.registerCodec(money);
    cluster.registerCodec(instant);
    cluster.registerCodec(native);
  }, 120_000);
  afterAll(async () => {
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  const COLS = 'id, home, others, by_name, pair, who, balance, big, at';
  const sample = (id: number): unknown[] => [
    id, addr('Main', id), [addr('A', 1), addr('B', null)], new Map([['x', addr('X', 9)]]), Tuple.of(id, addr('T', 2)),
    Object.assign(new Person(), { name: 'Ada', home: addr('Home', 3) }), new Money(1999n), 2n ** 62n + BigInt(id), new Instant(1_700_000_000_000 + id),
  ];

  function expectSample(row: Record<string, unknown>, id: number): void {
    expect(row['home']).toEqual(addr('Main', id));
    expect(row['home']).toBeInstanceOf(Address);
    expect(row['others']).toEqual([addr('A', 1), addr('B', null)]);
    expect((row['others'] as Address[]).every((a) => a instanceof Address)).toBe(true);
    expect((row['by_name'] as Map<string, Address>).get('x')).toBeInstanceOf(Address);
    expect(((row['pair'] as Tuple).get(1) as Address).street).toBe('T');
    const who = row['who'] as Person;
    expect(who).toBeInstanceOf(Person);
    expect(who.home).toBeInstanceOf(Address);
    expect(who.home?.zipCode).toBe(3);
    expect(row['balance']).toEqual(new Money(1999n));
    expect(row['big']).toBe(2n ** 62n + BigInt(id));
    expect(row['at']).toEqual(new Instant(1_700_000_000_000 + id));
  }

  it('round-trips application values through prepared statements', async () => {
    await firstValueFrom(session.execute(`INSERT INTO ${KS}.t (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sample(1), { prepare: true }));
    const prepared = await firstValueFrom(session.execute(`SELECT * FROM ${KS}.t WHERE id = ?`, [1], { prepare: true }));
    expectSample(prepared.rows[0] as Record<string, unknown>, 1);
    const simple = await firstValueFrom(session.execute(`SELECT * FROM ${KS}.t WHERE id = 1`));
    expectSample(simple.rows[0] as Record<string, unknown>, 1);
  });

  it('sends registered values of unprepared statements as their CQL types (schema known)', async () => {
    const [id, home, , , , who, balance, big, at] = sample(2);
    await firstValueFrom(session.execute(`INSERT INTO ${KS}.t (id, home, who, balance, big, at) VALUES (?, ?, ?, ?, ?, ?)`, [id, home, who, balance, big, at], { hints: ['int'] }));
    const row = (await firstValueFrom(session.execute(`SELECT * FROM ${KS}.t WHERE id = ?`, [2], { prepare: true }))).rows[0] as Record<string, unknown>;
    expect(row['home']).toEqual(addr('Main', 2));
    expect((row['who'] as Person).home).toEqual(addr('Home', 3));
    expect(row['balance']).toEqual(new Money(1999n));
    expect(row['at']).toEqual(new Instant(1_700_000_000_002));
  });

  it('decodes rows written with CQL literals into the registered classes', async () => {
    await firstValueFrom(session.execute(`INSERT INTO ${KS}.t (id, home, others, pair, balance) VALUES (3, {street: 'Lit', zip_code: 7}, [{street: 'L'}], (3, {street: 'P'}), 12.34)`));
    const row = (await firstValueFrom(session.execute(`SELECT * FROM ${KS}.t WHERE id = 3`))).rows[0] as Record<string, unknown>;
    expect(row['home']).toEqual(addr('Lit', 7));
    expect(row['others']).toEqual([addr('L', null)]);
    expect(((row['pair'] as Tuple).get(1) as Address)).toEqual(addr('P', null));
    expect(row['balance']).toEqual(new Money(1234n));
  });

  it('refuses a registration for a type that does not exist', () => {
    expect(() => cluster.registerUserType(KS, 'nope', Address)).toThrow(UserTypeMismatchError);
  });

  it('an ALTER TYPE that adds a field breaks the registration: log$ reports it, reads fail with UserTypeMismatchError', async () => {
    const logged = firstValueFrom(cluster.log$.pipe(filter((e) => e.level === 'error' && e.message.includes(`${KS}.address`)), take(1), toArray()));
    await firstValueFrom(session.execute(`ALTER TYPE ${KS}.address ADD country text`));
    const [event] = await logged;
    expect(event?.message).toContain('fields without a property: country');
    const error = await firstValueFrom(session.execute(`SELECT home FROM ${KS}.t WHERE id = ?`, [1], { prepare: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserTypeMismatchError);
    expect((error as UserTypeMismatchError).missing).toEqual(['country']);
    // Writing is refused before anything is sent.
    const write = await firstValueFrom(session.execute(`UPDATE ${KS}.t SET home = ? WHERE id = ?`, [addr('W', 1), 9], { prepare: true })).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(UserTypeMismatchError);
  });
});
