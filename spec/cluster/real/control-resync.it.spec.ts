/**
 * Issue 11, item 6, on a real three-node Cassandra 5.0: DDL runs through another node while the
 * control host cannot deliver its events (SIGSTOP, then SIGKILL); once the control connection is
 * back on a surviving node, cluster.metadata, routing and schemaChanges$ show every change.
 */
import { firstValueFrom } from 'rxjs';
import { Cluster, ConstantReconnectionPolicy, type SchemaChangeEvent, type Session } from '../../../lib';
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import { internalQuery } from '../../../lib/cluster/internal-query';
import { canManageCluster, ensureCluster } from '../../support/cassandra/ensure-cluster';
import type { CassandraCluster } from '../../support/cassandra/cluster';
import { THREE_NODE_TOPOLOGY } from '../../support/three-node-topology';

const maybe = canManageCluster() ? describe : describe.skip;

const waitFor = async (what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<number> => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
};

const nodeIndex = (endpoint: string | null): number => Number(endpoint?.split(':')[0]?.split('.')[3]);

maybe('Control connection resync on a real three-node Cassandra', () => {
  let harness: CassandraCluster;
  let cluster: Cluster;
  let session: Session;
  const changes: SchemaChangeEvent[] = [];
  const suffix = Date.now().toString(36);
  const ks = `rx_resync_${suffix}`;
  const away = `rx_away_${suffix}`;

  beforeAll(async () => {
    harness = await ensureCluster({ nodes: 3, topology: THREE_NODE_TOPOLOGY });
    cluster = new Cluster({
      contactPoints: ['127.0.0.1'],
      // A paused control host must not be noticed (and left) before the DDL is done: long heartbeat.
      pooling: { heartbeatIntervalMs: 60_000, heartbeatTimeoutMs: 30_000 },
      reconnection: new ConstantReconnectionPolicy(500),
      refreshDebounceMs: 100,
    });
    cluster.schemaChanges$.subscribe((e) => changes.push(e));
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`CREATE TABLE ${ks}.altered (k int PRIMARY KEY, v text)`));
    // The setup's own events are published after the debounced refresh, which can come after
    // execute() resolves: wait for them, so the test's count starts from a settled stream.
    await waitFor('the setup schema events', () => changes.some((e) => e.target === 'table' && e.keyspace === ks && e.name === 'altered'), 30_000);
  }, 300_000);

  afterAll(async () => {
    if (cluster?.isConnected) {
      for (const name of [ks, away]) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${name}`)).catch(() => undefined);
    }
    await cluster?.shutdown();
    for (const n of [1, 2, 3]) if (harness && !harness.isRunning(n)) await harness.startNode(n).catch(() => undefined);
  }, 300_000);

  it('shows DDL run while the control host was gone in metadata, routing and schemaChanges$', async () => {
    const control = nodeIndex(cluster.controlHost);
    const [ddlNode, otherNode] = [1, 2, 3].filter((n) => n !== control) as [number, number];
    const raw: Connection = await openConnection({ host: `127.0.0.${ddlNode}`, port: 9042 });
    const witness: Connection = await openConnection({ host: `127.0.0.${otherNode}`, port: 9042 });
    const before = changes.length;
    try {
      harness.pauseNode(control); // its events stop here; our control connection stays open, silent
      const t0 = Date.now();
      await internalQuery(raw, `CREATE KEYSPACE ${away} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`);
      await internalQuery(raw, `CREATE TABLE ${away}.carts (id int PRIMARY KEY, total int)`);
      await internalQuery(raw, `CREATE TABLE ${ks}.created (k int PRIMARY KEY)`);
      await internalQuery(raw, `ALTER TABLE ${ks}.altered ADD extra text`);
      // The survivor the control connection may land on has the changes before it gets there.
      await waitFor('the DDL on the other surviving node', async () => (await internalQuery(witness,
        `SELECT column_name FROM system_schema.columns WHERE keyspace_name = '${ks}' AND table_name = 'altered'`)).length === 3, 30_000);
      process.stdout.write(`DDL through node ${ddlNode} while node ${control} (control host) was paused: ${Date.now() - t0} ms\n`);
      expect(changes.length).toBe(before); // nothing reached us
      expect(cluster.metadata.schema.table(ks, 'created')).toBeUndefined();

      await harness.killNode(control);
      const killedAt = Date.now();
      await waitFor('the control connection on a survivor', () => cluster.controlHost !== null && nodeIndex(cluster.controlHost) !== control, 30_000);
      await waitFor('the schema events', () => changes.length >= before + 4, 30_000);
      process.stdout.write(`control on ${cluster.controlHost}, schema resynced ${Date.now() - killedAt} ms after SIGKILL\n`);
    } finally {
      if (harness.isRunning(control)) harness.resumeNode(control);
      await raw.close({ graceful: false });
      await witness.close({ graceful: false });
    }

    expect(changes.slice(before).map(({ change, target, keyspace, name }) => ({ change, target, keyspace, name }))).toEqual([
      { change: 'created', target: 'keyspace', keyspace: away, name: undefined },
      { change: 'created', target: 'table', keyspace: away, name: 'carts' },
      { change: 'updated', target: 'table', keyspace: ks, name: 'altered' },
      { change: 'created', target: 'table', keyspace: ks, name: 'created' },
    ]); // keyspaces in name order (rx_away_ < rx_resync_), a keyspace before what it holds
    const schema = cluster.metadata.schema;
    expect(schema.table(ks, 'altered')?.columns.has('extra')).toBe(true);
    expect(schema.table(ks, 'created')).toBeDefined();
    expect(schema.table(away, 'carts')?.columns.has('total')).toBe(true);
    expect(cluster.metadata.getReplicas(away, { table: 'carts', values: [42] })).toHaveLength(3);
    const rs = await firstValueFrom(session.execute(`INSERT INTO ${away}.carts (id, total) VALUES (?, ?)`, [42, 7], { prepare: true }));
    expect(rs.info.host).not.toBe(`127.0.0.${control}:9042`);

    await harness.startNode(control);
    await waitFor('every host up again', () => cluster.hosts().every((h) => h.state === 'up'), 60_000);
  }, 240_000);
});
