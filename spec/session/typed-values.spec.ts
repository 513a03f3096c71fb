/**
 * Registered codecs and user types through a session (scripted node): bound values are converted
 * before encoding (what the server receives is checked byte for byte against the built-in
 * encoding), rows decode into the application's types, unprepared statements send registered values
 * as their CQL type, and each failure is a typed error with nothing sent.
 */
import { firstValueFrom } from 'rxjs';
import { BigDecimal, Cluster, InvalidValueError, Tuple, UserTypeMismatchError, ValueMappingError, type CustomCodec } from '../../lib';
import { Opcode } from '../../lib/protocol/opcodes';
import type { UdtType } from '../../lib/types/data-type';
import { encodeValue } from '../../lib/types/encode';
import { ScriptedCluster, type ColumnDef } from '../support/scripted-server';
import type { ReceivedRequest } from '../support/scripted-server/wire';
import { startSession, stopSession, type Setup } from './scripted-session';

class Address {
  street = '';
  zipCode: number | null = null;
}

class Money {
  constructor(readonly cents: bigint) {}
}

const moneyCodec: CustomCodec<Money, 'decimal'> = {
  cqlType: 'decimal',
  is: (v): v is Money => v instanceof Money,
  fromCql: (d) => new Money(d.unscaled * 10n ** BigInt(2 - d.scale)),
  toCql: (m) => new BigDecimal(m.cents, 2),
};

const ADDRESS: UdtType = { kind: 'udt', keyspace: 'ks', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip_code', type: { kind: 'int' } }] };
const int = { kind: 'int' } as const;
const decimal = { kind: 'decimal' } as const;
const addresses = { kind: 'list', element: ADDRESS, frozen: true } as const;
const Q = 'SELECT * FROM people WHERE id = ?';
const W = 'INSERT INTO people (id, home, others, balance) VALUES (?, ?, ?, ?)';
const RESULT: ColumnDef[] = [{ name: 'id', type: int }, { name: 'home', type: ADDRESS }, { name: 'others', type: addresses }, { name: 'balance', type: decimal }, { name: 'pair', type: { kind: 'tuple', elements: [int, ADDRESS] } }];

const bytes = (v: unknown): string => (v as Buffer).toString('hex');

describe('Registered codecs and user types through a session (scripted node)', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await stopSession(s);
    s = undefined;
  });

  /** A session without schema metadata: the types results and prepared statements carry are the ones checked. */
  async function start(): Promise<Setup> {
    s = await startSession({ metadata: { schema: false } }, { nodesPerDc: [1] });
    s.cluster.registerUserType('ks', 'address', Address);
    s.cluster.registerCodec(moneyCodec);
    return s;
  }

  it('EXECUTE: application values are sent as the built-in encoding of their CQL form', async () => {
    const setup = await start();
    const sent: ReceivedRequest[] = [];
    setup.sim.first.when({ when: (r) => r.opcode === Opcode.Prepare && r.query === W, then: { prepared: { variables: RESULT.slice(0, 4), pkIndexes: [0] } } });
    setup.sim.first.when({ when: (r) => r.opcode === Opcode.Execute && r.query === W, then: { void: true } });
    const spy = (r: ReceivedRequest): boolean => {
      if (r.opcode === Opcode.Execute) sent.push(r);
      return false;
    };
    setup.sim.first.when({ when: spy, then: { void: true } });
    const home = Object.assign(new Address(), { street: 'Main', zipCode: 1 });
    const other = Object.assign(new Address(), { street: 'Side', zipCode: null });
    await firstValueFrom(setup.session.execute(W, [7, home, [other], new Money(1999n)], { prepare: true }));
    expect(sent).toHaveLength(1);
    const values = sent[0]?.values ?? [];
    expect(bytes(values[1])).toBe(bytes(encodeValue(ADDRESS, { street: 'Main', zip_code: 1 }, 'x')));
    expect(bytes(values[2])).toBe(bytes(encodeValue(addresses, [{ street: 'Side', zip_code: null }], 'x')));
    expect(bytes(values[3])).toBe(bytes(encodeValue(decimal, new BigDecimal(1999n, 2), 'x')));
  });

  it('rows decode into the registered class and codec type, in columns, lists and tuples', async () => {
    const setup = await start();
    setup.sim.first.when({ when: Q, then: { rows: { columns: RESULT, rows: [[7, { street: 'Main', zip_code: 1 }, [{ street: 'Side' }], new BigDecimal(1999n, 2), Tuple.of(1, { street: 'T', zip_code: 3 })]] } } });
    setup.sim.first.when({ when: (r) => r.opcode === Opcode.Prepare && r.query === Q, then: { prepared: { variables: [{ name: 'id', type: int }], pkIndexes: [0], result: RESULT } } });
    const rs = await firstValueFrom(setup.session.execute(Q, [7], { prepare: true }));
    const row = rs.first();
    expect(row?.['home']).toBeInstanceOf(Address);
    expect(row?.['home']).toEqual(Object.assign(new Address(), { street: 'Main', zipCode: 1 }));
    const others = row?.['others'] as Address[];
    expect(others[0]).toBeInstanceOf(Address);
    expect(others[0]?.zipCode).toBeNull();
    expect((row?.['balance'] as Money).cents).toBe(1999n);
    expect(((row?.['pair'] as Tuple).get(1) as Address).street).toBe('T');
    // The same rows through an unprepared statement (its own metadata on every page).
    const plain = await firstValueFrom(setup.session.execute(Q, [7]));
    expect(plain.first()?.['home']).toBeInstanceOf(Address);
  });

  it('QUERY: a registered value is sent as its CQL type without a hint', async () => {
    const setup = await start();
    const sent: ReceivedRequest[] = [];
    setup.sim.first.when({ when: 'UPDATE', then: { void: true } });
    setup.sim.first.when({ when: (r) => { if (r.query?.startsWith('UPDATE')) sent.push(r); return false; }, then: { void: true } });
    await firstValueFrom(setup.session.execute('UPDATE people SET balance = ? WHERE id = 1', [new Money(5n)]));
    expect(bytes(sent[0]?.values?.[0])).toBe(bytes(encodeValue(decimal, new BigDecimal(5n, 2), 'x')));
  });

  it('a result whose UDT fields differ from the registration fails with UserTypeMismatchError', async () => {
    const setup = await start();
    const changed: UdtType = { ...ADDRESS, fields: [...ADDRESS.fields, { name: 'country', type: { kind: 'text' } }] };
    setup.sim.first.when({ when: Q, then: { rows: { columns: [{ name: 'home', type: changed }], rows: [[{ street: 'x' }]] } } });
    const error = await firstValueFrom(setup.session.execute(Q, [7])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserTypeMismatchError);
    expect((error as UserTypeMismatchError).missing).toEqual(['country']);
  });

  it('a codec whose fromCql throws fails the execution with ValueMappingError naming the column', async () => {
    s = await startSession({ metadata: { schema: false } }, { nodesPerDc: [1] });
    s.cluster.registerCodec<Money, 'decimal'>({ ...moneyCodec, fromCql: () => { throw new Error('no money'); } });
    s.sim.first.when({ when: Q, then: { rows: { columns: [{ name: 'balance', type: decimal }], rows: [[new BigDecimal(1n, 0)]] } } });
    const error = await firstValueFrom(s.session.execute(Q, [7])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValueMappingError);
    expect((error as ValueMappingError).target).toBe('column "balance"');
    expect((error as Error).message).toContain('no money');
  });

  it('a value of the wrong type for a registered UDT is an InvalidValueError at bind; nothing is executed', async () => {
    const setup = await start();
    setup.sim.first.when({ when: (r) => r.opcode === Opcode.Prepare && r.query === W, then: { prepared: { variables: RESULT.slice(0, 4), pkIndexes: [0] } } });
    const ps = await firstValueFrom(setup.session.prepare(W));
    expect(() => ps.bind([1, new Date(), [], null])).toThrow(InvalidValueError);
    expect(() => ps.bind([1, null, [new Money(1n)], null])).toThrow(/parameter 2 \("others"\) → element 0/);
    expect(setup.sim.first.count(W, Opcode.Execute)).toBe(0);
  });

  it('with schema metadata, registering a type the schema lacks raises UserTypeMismatchError (not found)', async () => {
    s = await startSession({}, { nodesPerDc: [1] });
    const setup = s;
    expect(() => setup.cluster.registerUserType('ks', 'address', Address)).toThrow(expect.objectContaining({ name: 'UserTypeMismatchError', reason: 'not found' }) as Error);
  });

  it('a registration made before connect is checked by connect(), which rejects with the mismatch', async () => {
    const sim = await ScriptedCluster.start({ nodesPerDc: [1] });
    const cluster = new Cluster({ contactPoints: [`${sim.first.address}:${sim.port}`], pooling: { heartbeatIntervalMs: 0 } });
    try {
      cluster.registerUserType('ks', 'address', Address);
      await expect(cluster.connect()).rejects.toBeInstanceOf(UserTypeMismatchError);
    } finally {
      await cluster.shutdown();
      await sim.stop();
    }
  });
});
