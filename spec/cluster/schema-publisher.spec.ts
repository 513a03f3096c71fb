/**
 * How schema changes reach `schemaChanges$` on a scripted cluster: a pushed SCHEMA_CHANGE gives
 * one event, emitted after the metadata reflects it (a burst of the same change: one read, one
 * event); `cluster.metadata.refresh(keyspace?)` reads the schema again on demand and publishes
 * what differs, as the server's events would have.
 */
import type { SchemaChangeEvent } from '../../lib/cluster/cluster-events';
import { ClusterStateError } from '../../lib/errors/client-errors';
import { ScriptedCluster } from '../support/scripted-server';
import { ScriptedSchema } from '../support/scripted-schema';
import { TestCluster, waitFor, SIMPLE, KEY } from './core-harness';


describe('schemaChanges$ and cluster.metadata.refresh', () => {
  let sim: ScriptedCluster;
  let schema: ScriptedSchema;
  let cluster: TestCluster;
  /** Each event as text, with whether the metadata already showed it when it was emitted. */
  let seen: Array<{ event: string; reflected: boolean }>;
  const texts = (): string[] => seen.map((s) => s.event);
  const reads = (pattern: RegExp): number => sim.nodes.reduce((a, n) => a + n.count(pattern), 0);

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [2] });
    schema = new ScriptedSchema();
    schema.table('app', 'users', [['id', 'int', 'partition_key'], ['name', 'text', 'regular']]);
    schema.install(sim);
    cluster = new TestCluster({ contactPoints: [`${sim.first.address}:${sim.port}`], refreshDebounceMs: 50, pooling: { heartbeatIntervalMs: 0 } });
    seen = [];
    cluster.schemaChanges$.subscribe((e: SchemaChangeEvent) => {
      const s = cluster.metadata.schema;
      const reflected = e.target === 'keyspace'
        ? (e.change === 'dropped') === (s.keyspace(e.keyspace) === undefined)
        : (e.change === 'dropped') === (s.table(e.keyspace, e.name ?? '') === undefined);
      seen.push({ event: `${e.change} ${e.target} ${e.keyspace}${e.name ? `.${e.name}` : ''}`, reflected });
    });
  });
  afterEach(async () => {
    await cluster.shutdown();
    await sim.stop();
  });

  it('a pushed SCHEMA_CHANGE gives one event, after the metadata reflects it; a burst of the same change, one read', async () => {
    await cluster.connect();
    schema.table('app', 'orders', [['id', 'int', 'partition_key'], ['total', 'int', 'regular']]);
    const before = reads(/system_schema\.tables WHERE/);
    for (let i = 0; i < 3; i++) sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'orders' });
    await waitFor('the event', () => seen.length > 0);
    expect(seen).toEqual([{ event: 'created table app.orders', reflected: true }]);
    expect(reads(/system_schema\.tables WHERE/) - before).toBe(1);
    expect([...(cluster.metadata.schema.table('app', 'orders')?.columns.keys() ?? [])]).toEqual(['id', 'total']);

    schema.keyspaces.delete('app');
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'DROPPED', target: 'KEYSPACE', keyspace: 'app' });
    await waitFor('the next event', () => seen.length >= 2);
    // The burst gave one event: the next one is the drop, not a repeat of the creation.
    expect(seen).toEqual([{ event: 'created table app.orders', reflected: true }, { event: 'dropped keyspace app', reflected: true }]);
  });

  it('refresh(keyspace) reads that keyspace again and publishes what changed in it, only that', async () => {
    await cluster.connect();
    schema.table('app', 'orders', [['id', 'int', 'partition_key']]);
    schema.keyspace('shop', { class: SIMPLE, replication_factor: '2' }); // not asked for
    const whole = reads(/system_schema\.tables$/);
    await cluster.metadata.refresh('app');
    expect(seen).toEqual([{ event: 'created table app.orders', reflected: true }]);
    expect(cluster.metadata.schema.keyspace('shop')).toBeUndefined();
    expect(reads(/system_schema\.tables$/)).toBe(whole); // only WHERE keyspace_name = ? reads
    await cluster.metadata.refresh('app');
    expect(seen).toHaveLength(1); // nothing changed since
  });

  it('refresh() reads the whole schema again; routing takes new replication at once', async () => {
    await cluster.connect();
    schema.keyspaces.get('app')?.tables.delete('users');
    schema.keyspace('shop', { class: SIMPLE, replication_factor: '2' });
    expect(cluster.metadata.getReplicas('shop', KEY)).toEqual([]);
    await cluster.metadata.refresh();
    expect(texts()).toEqual(['dropped table app.users', 'created keyspace shop']);
    expect(seen.every((s) => s.reflected)).toBe(true);
    expect(cluster.metadata.getReplicas('shop', KEY)).toHaveLength(2);
  });

  it('refresh() of a keyspace outside the allow-list re-reads its replication only', async () => {
    await cluster.shutdown();
    cluster = new TestCluster({ contactPoints: [`${sim.first.address}:${sim.port}`], pooling: { heartbeatIntervalMs: 0 }, metadata: { keyspaces: ['shop'] } });
    await cluster.connect();
    schema.keyspace('app', { class: SIMPLE, replication_factor: '2' });
    const tableReads = reads(/system_schema\.tables/);
    await cluster.metadata.refresh('app');
    expect(reads(/system_schema\.tables/)).toBe(tableReads);
    expect(cluster.metadata.getReplicas('app', KEY)).toHaveLength(2);
    expect(cluster.metadata.schema.keyspace('app')).toBeUndefined();
  });

  it('refresh() rejects with ClusterStateError before connect and after shutdown, sending nothing', async () => {
    await expect(cluster.metadata.refresh()).rejects.toThrow(ClusterStateError);
    expect(sim.nodes.reduce((a, n) => a + n.accepted, 0)).toBe(0);
    await cluster.connect();
    await cluster.shutdown();
    await expect(cluster.metadata.refresh('app')).rejects.toThrow(ClusterStateError);
  });
});
