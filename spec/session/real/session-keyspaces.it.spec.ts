import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { Cluster, KeyspaceNotFoundError, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';

// Real Cassandra 5.0 (issue 11): several sessions of one Cluster, each in its own keyspace. Their
// unqualified statements (simple, prepared, `prepare: true`, batch) land in their own keyspace
// whatever the others do, at v3, v4 (per-keyspace pools) and v5 (keyspace in each request).
const BASE = `rx_ks_${Date.now().toString(36)}`;
const WRITES = 2000;
const IN_FLIGHT = 64;

describe.each([3, 4, 5] as const)('sessions on different keyspaces at v%i (real Cassandra)', (version) => {
  const keyspaces = [`${BASE}_a_v${version}`, `${BASE}_b_v${version}`, `${BASE}_c_v${version}`];
  let cluster: Cluster;
  let admin: Session;

  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), maxProtocolVersion: version });
    admin = await cluster.connect();
    for (const ks of keyspaces) {
      await firstValueFrom(admin.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
      await firstValueFrom(admin.execute(`CREATE TABLE ${ks}.w (id int PRIMARY KEY, src text)`));
    }
  }, 120_000);

  afterAll(async () => {
    for (const ks of keyspaces) await firstValueFrom(admin.execute(`DROP KEYSPACE IF EXISTS ${ks}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  async function rowsOf(ks: string): Promise<Array<{ id: number; src: string }>> {
    const rs = await lastValueFrom(admin.stream<{ id: number; src: string }>(`SELECT id, src FROM ${ks}.w`, [], { fetchSize: 5000 }).pipe(toArray()));
    return rs.map((r) => ({ id: r.id, src: r.src }));
  }

  it.each([2, 3])(`%i sessions: ${WRITES} interleaved unqualified writes at ${IN_FLIGHT} in flight land in their own keyspace`, async (count) => {
    const used = keyspaces.slice(0, count);
    const sessions = await Promise.all(used.map((ks) => cluster.connect(ks)));
    for (const ks of used) await firstValueFrom(admin.execute(`TRUNCATE ${ks}.w`));
    const held = await Promise.all(sessions.map((s) => firstValueFrom(s.prepare('INSERT INTO w (id, src) VALUES (?, ?)'))));
    await lastValueFrom(range(0, WRITES).pipe(mergeMap((i) => {
      const k = i % count;
      const s = sessions[k] as Session;
      const src = used[k] as string;
      switch (Math.floor(i / count) % 4) {
        case 0: return s.execute('INSERT INTO w (id, src) VALUES (?, ?)', [i, src], { hints: ['int', 'text'] });
        case 1: return s.execute('INSERT INTO w (id, src) VALUES (?, ?)', [i, src], { prepare: true });
        case 2: return s.execute(held[k]!, [i, src]);
        default: return s.batch([{ query: 'INSERT INTO w (id, src) VALUES (?, ?)', params: [i, src], hints: ['int', 'text'] }], { type: 'unlogged' });
      }
    }, IN_FLIGHT)), { defaultValue: null });
    for (let k = 0; k < count; k++) {
      const ks = used[k] as string;
      const rows = await rowsOf(ks);
      const expected = Array.from({ length: WRITES }, (_, i) => i).filter((i) => i % count === k);
      expect(rows.filter((r) => r.src !== ks)).toEqual([]);
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
    }
  }, 120_000);

  it('USE through a session changes that session only; an unknown keyspace is a typed error', async () => {
    const [a, b] = keyspaces as [string, string, string];
    const s1 = await cluster.connect(a);
    const s2 = await cluster.connect(a);
    await firstValueFrom(s1.execute(`USE ${b}`));
    expect(s1.keyspace).toBe(b);
    expect(s2.keyspace).toBe(a);
    await firstValueFrom(s1.execute('INSERT INTO w (id, src) VALUES (?, ?)', [100_001, b], { prepare: true }));
    await firstValueFrom(s2.execute('INSERT INTO w (id, src) VALUES (?, ?)', [100_001, a], { prepare: true }));
    // The session without a keyspace still has none: no other session's keyspace leaked into its connections.
    await expect(firstValueFrom(admin.execute('INSERT INTO w (id, src) VALUES (100002, \'x\')'))).rejects.toThrow(/keyspace/i);
    expect((await rowsOf(b)).find((r) => r.id === 100_001)?.src).toBe(b);
    expect((await rowsOf(a)).find((r) => r.id === 100_001)?.src).toBe(a);
    await expect(firstValueFrom(s2.execute('USE no_such_keyspace_here'))).rejects.toBeInstanceOf(KeyspaceNotFoundError);
    expect(s2.keyspace).toBe(a);
    await expect(cluster.connect('no_such_keyspace_here')).rejects.toThrow(/no_such_keyspace_here/);
  }, 60_000);
});
