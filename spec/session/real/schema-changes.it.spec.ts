import { Client } from 'cassandra-driver';
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { Cluster, type PreparedStatement, type ResultSet, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster, parseHostPort } from '../../support/cassandra/ensure-cluster';

// Real Cassandra 5.0 (issue 11): prepared statements stay correct when the schema changes under
// them, at v3, v4 and v5, compared with what cassandra-driver returns for the same statements.
// DDL runs through cassandra-driver, so our cluster learns of it only from the server's events.
const KS = `rx_alter_${Date.now().toString(36)}`;

type Plain = Record<string, unknown>;

/**
 * Rows as plain objects with sorted keys, values made comparable. One known difference is
 * smoothed out: for a UDT value written before a field was added, cassandra-driver omits the
 * field where we give it as null (the type has it; the value does not) — null fields of UDT
 * values are dropped on both sides.
 */
function normalize(rows: readonly Plain[]): string {
  const value = (v: unknown, nested: boolean): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)) {
      const o = v as Plain;
      const keys = Object.keys(o).sort().filter((k) => !nested || (o[k] !== null && o[k] !== undefined));
      return Object.fromEntries(keys.map((k) => [k, value(o[k], true)]));
    }
    return v;
  };
  return JSON.stringify(rows.map((r) => value(r, false)));
}

function ours(rs: ResultSet): Plain[] {
  return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c) => [c.name, row.get(c.name)])));
}

async function theirs(client: Client, cql: string, params: unknown[]): Promise<Plain[]> {
  const rs = await client.execute(cql, params, { prepare: true });
  return rs.rows.map((r) => Object.fromEntries(r.keys().map((k) => [k, r.get(k) as unknown])));
}

describe.each([3, 4, 5] as const)('prepared statements across schema changes at v%i (real Cassandra)', (version) => {
  let cluster: Cluster;
  let session: Session;
  let ref: Client;
  const t = (name: string): string => `${name}_v${version}`;

  beforeAll(async () => {
    await ensurePlainCluster();
    const points = contactPoints();
    ref = new Client({
      contactPoints: points.map((p) => parseHostPort(p).host),
      protocolOptions: { port: parseHostPort(points[0] as string).port, maxVersion: Math.min(version, 4) },
      localDataCenter: 'dc1',
    });
    await ref.connect();
    await ref.execute(`CREATE KEYSPACE IF NOT EXISTS ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    cluster = new Cluster({ contactPoints: points, maxProtocolVersion: version, refreshDebounceMs: 20 });
    session = await cluster.connect(KS);
    expect(cluster.protocolVersion).toBe(version);
  }, 120_000);

  afterAll(async () => {
    await ref?.shutdown();
    await cluster?.shutdown();
  });

  /** Runs DDL through the reference driver and waits until our cluster has seen its event. */
  async function ddl(cql: string, target: 'table' | 'type', name: string): Promise<void> {
    const seen = firstValueFrom(cluster.schemaChanges$.pipe(
      filter((e) => e.keyspace === KS && e.name === name && e.target === target), take(1), timeout(20_000)));
    await ref.execute(cql);
    await seen;
  }

  /** Prepared SELECT * through ours (a held statement and `prepare: true`) and through cassandra-driver. */
  async function compareSelect(ps: PreparedStatement, table: string, pk: number): Promise<void> {
    const cql = `SELECT * FROM ${KS}.${table} WHERE pk = ?`;
    const expected = normalize(await theirs(ref, cql, [pk]));
    expect(normalize(ours(await firstValueFrom(session.execute(ps, [pk]))))).toBe(expected);
    expect(normalize(ours(await firstValueFrom(session.execute(cql, [pk], { prepare: true }))))).toBe(expected);
  }

  async function preparedBefore(table: string, pk: number): Promise<PreparedStatement> {
    const ps = await firstValueFrom(session.prepare(`SELECT * FROM ${table} WHERE pk = ?`));
    // Warm every path (held statement, prepare: true cache, reference driver) before the change.
    await compareSelect(await firstValueFrom(session.prepare(`SELECT * FROM ${KS}.${table} WHERE pk = ?`)), table, pk);
    await firstValueFrom(session.execute(ps, [pk]));
    return ps;
  }

  it('ADD then DROP (same column count): values under the right names', async () => {
    await ref.execute(`CREATE TABLE ${KS}.${t('dropadd')} (pk int PRIMARY KEY, a text, z int)`);
    await ref.execute(`INSERT INTO ${KS}.${t('dropadd')} (pk, a, z) VALUES (1, 'old', 5)`);
    const ps = await preparedBefore(t('dropadd'), 1);
    await ddl(`ALTER TABLE ${KS}.${t('dropadd')} ADD b text`, 'table', t('dropadd'));
    await ddl(`ALTER TABLE ${KS}.${t('dropadd')} DROP a`, 'table', t('dropadd'));
    await ref.execute(`UPDATE ${KS}.${t('dropadd')} SET b = 'new' WHERE pk = 1`);
    const rows = ours(await firstValueFrom(session.execute(ps, [1])));
    expect(rows).toEqual([{ pk: 1, b: 'new', z: 5 }]);
    await compareSelect(ps, t('dropadd'), 1);
  });

  it('ADD: the new column appears (no "columns but types are known" error)', async () => {
    await ref.execute(`CREATE TABLE ${KS}.${t('add')} (pk int PRIMARY KEY, a text, z int)`);
    await ref.execute(`INSERT INTO ${KS}.${t('add')} (pk, a, z) VALUES (1, 'x', 2)`);
    const ps = await preparedBefore(t('add'), 1);
    await ddl(`ALTER TABLE ${KS}.${t('add')} ADD b text`, 'table', t('add'));
    await ref.execute(`UPDATE ${KS}.${t('add')} SET b = 'bee' WHERE pk = 1`);
    await compareSelect(ps, t('add'), 1);
    expect(ours(await firstValueFrom(session.execute(ps, [1])))[0]).toMatchObject({ a: 'x', b: 'bee', z: 2 });
  });

  it('DROP: the dropped column is gone', async () => {
    await ref.execute(`CREATE TABLE ${KS}.${t('drop')} (pk int PRIMARY KEY, a text, z int)`);
    await ref.execute(`INSERT INTO ${KS}.${t('drop')} (pk, a, z) VALUES (1, 'gone', 3)`);
    const ps = await preparedBefore(t('drop'), 1);
    await ddl(`ALTER TABLE ${KS}.${t('drop')} DROP a`, 'table', t('drop'));
    await compareSelect(ps, t('drop'), 1);
    expect(ours(await firstValueFrom(session.execute(ps, [1])))).toEqual([{ pk: 1, z: 3 }]);
  });

  it('RENAME of a clustering column: rows carry the new name', async () => {
    await ref.execute(`CREATE TABLE ${KS}.${t('ren')} (pk int, ck int, v text, PRIMARY KEY (pk, ck))`);
    await ref.execute(`INSERT INTO ${KS}.${t('ren')} (pk, ck, v) VALUES (1, 7, 'r')`);
    const ps = await preparedBefore(t('ren'), 1);
    await ddl(`ALTER TABLE ${KS}.${t('ren')} RENAME ck TO ck2`, 'table', t('ren'));
    await compareSelect(ps, t('ren'), 1);
    expect(ours(await firstValueFrom(session.execute(ps, [1])))).toEqual([{ pk: 1, ck2: 7, v: 'r' }]);
  });

  it('ALTER TYPE ADD: prepared reads decode the new field and `prepare: true` writes accept it', async () => {
    const type = t('addr');
    const table = t('udt');
    await ref.execute(`CREATE TYPE ${KS}.${type} (street text)`);
    await ref.execute(`CREATE TABLE ${KS}.${table} (pk int PRIMARY KEY, a frozen<${type}>)`);
    const insert = `INSERT INTO ${table} (pk, a) VALUES (?, ?)`;
    await firstValueFrom(session.execute(insert, [1, { street: 's1' }], { prepare: true }));
    const ps = await preparedBefore(table, 1);
    await ddl(`ALTER TYPE ${KS}.${type} ADD c text`, 'type', type);
    // The statement cached before the change knows the new field once the event arrived.
    await firstValueFrom(session.execute(insert, [2, { street: 's2', c: 'c2' }], { prepare: true }));
    await compareSelect(ps, table, 1);
    await compareSelect(ps, table, 2);
    expect(ours(await firstValueFrom(session.execute(ps, [2])))).toEqual([{ pk: 2, a: { street: 's2', c: 'c2' } }]);
    expect(ours(await firstValueFrom(session.execute(ps, [1])))).toEqual([{ pk: 1, a: { street: 's1', c: null } }]);
  });
});
