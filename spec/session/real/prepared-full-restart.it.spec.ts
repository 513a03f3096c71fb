/**
 * Drill: statements prepared (`prepare: true`, in a session keyspace, unqualified table names, as
 * examples/nest-api does) at v5 and at v4; every node of the three-node cluster SIGKILLed, then
 * all restarted; once every host is up again, the same statements run again.
 */
import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { Cluster, ConstantReconnectionPolicy, type LogEvent, type RequestRecord, type Session } from '../../../lib';
import { canManageCluster, ensureCluster } from '../../support/cassandra/ensure-cluster';
import type { CassandraCluster } from '../../support/cassandra/cluster';
import { THREE_NODE_TOPOLOGY } from '../../support/three-node-topology';
import { openConnection } from '../../../lib/connection/connect';
import { internalPrepare, internalQuery, internalRequest } from '../../../lib/cluster/internal-query';

const maybe = canManageCluster() && process.env['CASSANDRA_RX_SKIP_MULTINODE'] !== '1' ? describe : describe.skip;
const say = (text: string): void => void process.stderr.write(`[prepared-full-restart.it] ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const KS = `rx_prep_restart_${Date.now().toString(36)}`;
const LIST = 'SELECT id, name FROM products';
const GET = 'SELECT id, name FROM products WHERE id = ?';

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

const describeError = (e: unknown): string => {
  const err = e as Error & { errors?: Map<string, Error> };
  const inner = err.errors instanceof Map ? ` [${[...err.errors].map(([h, x]) => `${h}: ${x.name}: ${x.message}`).join('; ')}]` : '';
  return `${err.name}: ${err.message}${inner}`;
};

interface Client {
  readonly version: 4 | 5;
  readonly cluster: Cluster;
  readonly session: Session;
  readonly logs: LogEvent[];
  readonly requests: RequestRecord[];
}

maybe('prepared statements after every node was killed and restarted (real three-node cluster)', () => {
  let harness: CassandraCluster;
  const clients: Client[] = [];

  beforeAll(async () => {
    harness = await ensureCluster({ nodes: 3, topology: THREE_NODE_TOPOLOGY });
    const setup = new Cluster({ contactPoints: harness.contactPoints });
    const s = await setup.connect();
    await firstValueFrom(s.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(s.execute(`CREATE TABLE ${KS}.products (id int PRIMARY KEY, name text)`));
    for (let i = 0; i < 10; i++) await firstValueFrom(s.execute(`INSERT INTO ${KS}.products (id, name) VALUES (?, ?)`, [i, `p${i}`], { prepare: true }));
    await setup.shutdown();
    for (const version of [5, 4] as const) {
      const cluster = new Cluster({ contactPoints: harness.contactPoints, maxProtocolVersion: version, reconnection: new ConstantReconnectionPolicy(500) });
      const logs: LogEvent[] = [];
      const requests: RequestRecord[] = [];
      cluster.log$.subscribe((l) => logs.push(l));
      cluster.requests$.subscribe((r) => requests.push(r));
      const session = await cluster.connect(KS);
      clients.push({ version, cluster, session, logs, requests });
    }
  }, 300_000);

  afterAll(async () => {
    for (const c of clients) await c.cluster.shutdown();
    if (harness) for (const n of [1, 2, 3]) if (!harness.isRunning(n)) await harness.startNode(n).catch(() => undefined);
    const cleanup = new Cluster({ contactPoints: harness.contactPoints });
    const s = await cleanup.connect();
    await firstValueFrom(s.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cleanup.shutdown();
  }, 300_000);

  it('runs them again once every host is up', async () => {
    for (const c of clients) {
      expect(c.cluster.protocolVersion).toBe(c.version);
      expect((await firstValueFrom(c.session.execute(LIST, [], { prepare: true }))).rows).toHaveLength(10);
      expect((await firstValueFrom(c.session.execute(GET, [3], { prepare: true }))).rows).toHaveLength(1);
    }
    const marks = clients.map((c) => [c.logs.length, c.requests.length] as const);
    // The harness runs nodes with -Dcassandra.test.flush_local_schema_changes=false: schema changes
    // live in memtables and the commit log only, and a node killed then loads its schema from
    // sstables before replaying the commit log, without the keyspace created since it booted
    // ("Keyspace ... does not exist" for every PREPARE, USE and QUERY in it, although
    // system_schema has the rows). A production node flushes them on every change; so do we here.
    await Promise.all([1, 2, 3].map((n) => harness.nodetool(n, ['flush', 'system_schema'])));
    for (const n of [3, 2, 1]) await harness.killNode(n);
    for (const c of clients) await until(`v${c.version}: every host down`, () => c.cluster.hosts().every((h) => h.state === 'down'), 30_000);
    const started = Date.now();
    await Promise.all([1, 2, 3].map((n) => harness.startNode(n)));
    say(`nodes back in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const c of clients) await until(`v${c.version}: every host up`, () => c.cluster.hosts().every((h) => h.state === 'up'), 60_000);
    say(`every host up in both clients ${((Date.now() - started) / 1000).toFixed(1)} s after the restart began`);

    const failures: string[] = [];
    for (const c of clients) {
      for (const [name, query, params] of [['list', LIST, []], ['get', GET, [3]]] as const) {
        for (let attempt = 1; attempt <= 3; attempt++) {
          try {
            await firstValueFrom(c.session.execute(query, [...params], { prepare: true }));
            say(`v${c.version} ${name} attempt ${attempt}: ok`);
          } catch (e) {
            const line = `v${c.version} ${name} attempt ${attempt}: ${describeError(e)}`;
            failures.push(line);
            say(line);
          }
        }
      }
      const [logMark, reqMark] = marks[clients.indexOf(c)] as readonly [number, number];
      say(`v${c.version} logs since the kill:\n  ${c.logs.slice(logMark).filter((l) => l.level !== 'debug' || /prepar/i.test(l.message)).map((l) => `${l.level} ${l.message}`).join('\n  ')}`);
      say(`v${c.version} failed requests since the kill:\n  ${c.requests.slice(reqMark).filter((r) => r.error).map((r) => inspect({ q: r.query.slice(0, 60), hosts: r.hosts, error: r.error })).join('\n  ')}`);
    }
    say(`server side after the restart:\n  ${(await serverView()).join('\n  ')}`);
    expect(failures).toEqual([]);
  }, 300_000);

  /** Per node, on a fresh connection: the schema table row of the keyspace, USE, and v5 PREPARE with the keyspace. */
  async function serverView(): Promise<string[]> {
    const out: string[] = [];
    for (const n of [1, 2, 3]) {
      const c = await openConnection({ host: `127.0.0.${n}`, port: 9042 });
      const step = async (what: string, run: () => Promise<unknown>): Promise<void> => {
        try {
          const r = await run();
          out.push(`node ${n} ${what}: ${Array.isArray(r) ? `${r.length} row(s)` : 'ok'}`);
        } catch (e) {
          out.push(`node ${n} ${what}: ${describeError(e)}`);
        }
      };
      await step('system_schema.keyspaces row', () => internalQuery(c, `SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = '${KS}'`));
      await step('system_schema.tables row', () => internalQuery(c, `SELECT table_name FROM system_schema.tables WHERE keyspace_name = '${KS}'`));
      await step(`PREPARE (v${c.version}, keyspace flag) ${LIST}`, () => internalPrepare(c, LIST, KS));
      await step(`PREPARE qualified`, () => internalPrepare(c, `SELECT id, name FROM ${KS}.products`, undefined));
      await step(`QUERY SELECT FROM ${KS}.products`, () => internalRequest(c, `SELECT id, name FROM ${KS}.products`));
      await step(`USE ${KS}`, () => internalRequest(c, `USE ${KS}`));
      await c.close();
    }
    return out;
  }
});
