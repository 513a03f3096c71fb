import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { Cluster, type Session } from '../../../lib';
import type { CassandraCluster } from '../../support/cassandra/cluster';
import { canManageCluster, ensureCluster } from '../../support/cassandra/ensure-cluster';
import { THREE_NODE_TOPOLOGY } from '../../support/three-node-topology';

// Issue 7 on the real three-node cluster: our replica placement equals `nodetool getendpoints`,
// and token-aware routing sends prepared single-partition requests to replicas.
const maybe = canManageCluster() ? describe : describe.skip;
const KS = `rx_routing_${Date.now().toString(36)}`;
const strategies = [
  ...[1, 2, 3].map((rf) => ({ name: `${KS}_s${rf}`, repl: `{'class': 'SimpleStrategy', 'replication_factor': ${rf}}` })),
  ...[1, 2, 3].map((rf) => ({ name: `${KS}_n${rf}`, repl: `{'class': 'NetworkTopologyStrategy', 'dc1': ${rf}}` })),
];
const KEYS = ['alpha', 'bravo', 'charlie', 'delta'];

maybe('Routing on a real three-node Cassandra', () => {
  let harness: CassandraCluster;
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    harness = await ensureCluster({ nodes: 3, topology: THREE_NODE_TOPOLOGY });
    cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
    session = await cluster.connect();
    for (const s of strategies) {
      await firstValueFrom(session.execute(`CREATE KEYSPACE ${s.name} WITH replication = ${s.repl}`));
      await firstValueFrom(session.execute(`CREATE TABLE ${s.name}.t (k text PRIMARY KEY, v int)`));
    }
  }, 300_000);
  afterAll(async () => {
    if (session) for (const s of strategies) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${s.name}`)).catch(() => undefined);
    await cluster?.shutdown();
  }, 120_000);

  it('computes the same replicas as nodetool getendpoints (SimpleStrategy and NTS, RF 1-3)', async () => {
    const cases = strategies.flatMap((s) => KEYS.map((k) => ({ ks: s.name, key: k })));
    const results = await lastValueFrom(from(cases).pipe(mergeMap(async (c) => {
      const out = await harness.nodetool(1, ['getendpoints', c.ks, 't', c.key]);
      const theirs = out.split('\n').map((l) => l.trim()).filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l)).sort();
      const ours = cluster.metadata.getReplicas(c.ks, { table: 't', values: [c.key] }).map((h) => h.address).sort();
      return { ...c, theirs, ours };
    }, 3), toArray()));
    const mismatches = results.filter((r) => r.theirs.join() !== r.ours.join() || r.ours.length === 0);
    expect(mismatches).toEqual([]);
    expect(new Set(results.map((r) => r.ours.length))).toEqual(new Set([1, 2, 3]));
  }, 300_000);

  it('coordinates at least 95% of prepared single-partition requests on a replica', async () => {
    const ks = `${KS}_s1`;
    const insert = await firstValueFrom(session.prepare(`INSERT INTO ${ks}.t (k, v) VALUES (?, ?)`));
    const select = await firstValueFrom(session.prepare(`SELECT v FROM ${ks}.t WHERE k = ?`));
    const keys = Array.from({ length: 600 }, (_, i) => `key-${i}`);
    const perHost = new Map<string, number>();
    let onReplica = 0;
    let total = 0;
    const all = await lastValueFrom(from(keys).pipe(
      mergeMap((k, i) => (i % 2 === 0 ? session.execute(insert, [k, i]) : session.execute(select, [k])).pipe(
        mergeMap(async (rs) => ({ k, host: rs.info.host })),
      ), 64),
      toArray(),
    ));
    for (const { k, host } of all) {
      total++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      const replicas = cluster.metadata.getReplicas(ks, { table: 't', values: [k] }).map((h) => h.endpoint);
      if (replicas.includes(host)) onReplica++;
    }
    process.stdout.write(`per-host requests: ${JSON.stringify(Object.fromEntries(perHost))}; on a replica: ${onReplica}/${total}\n`);
    expect(perHost.size).toBe(3);
    expect(onReplica / total).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
