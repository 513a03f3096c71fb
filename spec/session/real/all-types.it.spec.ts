import { firstValueFrom } from 'rxjs';
import { Cluster, type Session } from '../../../lib';
import { valueEquals } from '../../../lib/types/tuple';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';
import { COLUMNS, SAMPLE_SETS, UDT_DDL } from '../../types/real/samples';

// Every CQL type through the session: written with a prepared statement and with simple-statement
// literals, read back (simple and prepared), updated and deleted. Expected values are stated by
// hand in samples.ts (not produced by our encoder).
const KS = `rx_types_${Date.now().toString(36)}`;

describe('Session: every CQL type against real Cassandra', () => {
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), useBigInt: true });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`USE ${KS}`));
    for (const ddl of UDT_DDL) await firstValueFrom(session.execute(ddl));
    const cols = COLUMNS.map((c) => `${c.name} ${c.cql}`).join(', ');
    await firstValueFrom(session.execute(`CREATE TABLE t (id int, via text, ${cols}, PRIMARY KEY (id, via))`));
  }, 120_000);
  afterAll(async () => {
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  const compare = (label: string, row: Record<string, unknown>, set: number, problems: string[]): void => {
    for (const col of COLUMNS) {
      const expected = col.samples[set]?.[1];
      if (!valueEquals(row[col.name], expected)) problems.push(`${label} ${SAMPLE_SETS[set]} ${col.name}: got ${String(row[col.name])}`);
    }
  };

  it('round-trips every sample set written by prepared statements and by CQL literals', async () => {
    const names = COLUMNS.map((c) => c.name).join(', ');
    const marks = COLUMNS.map(() => '?').join(', ');
    const insert = await firstValueFrom(session.prepare(`INSERT INTO t (id, via, ${names}) VALUES (?, ?, ${marks})`));
    const problems: string[] = [];
    for (let s = 0; s < SAMPLE_SETS.length; s++) {
      await firstValueFrom(session.execute(insert, [s, 'prepared', ...COLUMNS.map((c) => c.samples[s]?.[1])]));
      await firstValueFrom(session.execute(`INSERT INTO t (id, via, ${names}) VALUES (${s}, 'literal', ${COLUMNS.map((c) => c.samples[s]?.[0]).join(', ')})`));
      const simple = await firstValueFrom(session.execute(`SELECT * FROM t WHERE id = ${s}`));
      const prepared = await firstValueFrom(session.execute('SELECT * FROM t WHERE id = ?', [s], { prepare: true }));
      expect(simple.rows).toHaveLength(2);
      for (const row of [...simple.rows, ...prepared.rows]) compare(String(row["via"]), row, s, problems);
    }
    expect(problems).toEqual([]);
  });

  it('updates and deletes typed values', async () => {
    const col = COLUMNS.find((c) => c.cql === 'duration') ?? COLUMNS[0]!;
    const update = `UPDATE t SET ${col.name} = ? WHERE id = ? AND via = ?`;
    await firstValueFrom(session.execute(update, [col.samples[2][1], 0, 'prepared'], { prepare: true }));
    const got = await firstValueFrom(session.execute(`SELECT ${col.name} FROM t WHERE id = 0 AND via = 'prepared'`));
    expect(valueEquals(got.first()?.get(0), col.samples[2][1])).toBe(true);
    await firstValueFrom(session.execute('DELETE FROM t WHERE id = ?', [0], { prepare: true }));
    expect((await firstValueFrom(session.execute('SELECT * FROM t WHERE id = 0'))).rows).toHaveLength(0);
  });
});
