/**
 * The control connection returns (to another host, or to the same one) after DDL ran while it was
 * away: the schema is read again in full and the differences reach the metadata, routing and
 * schemaChanges$. A debounced refresh that fails is retried with backoff on the cluster's clock
 * and reported on log$.
 */
import type { ClusterEvent, LogEvent, SchemaChangeEvent } from '../../lib/cluster/cluster-events';
import type { ClusterOptions } from '../../lib/cluster/cluster-options';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { FakeClock } from '../support/fake-clock';
import { turns } from '../support/wait-for';
import { ScriptedCluster } from '../support/scripted-server';
import { ScriptedSchema } from '../support/scripted-schema';
import { TestCluster, waitFor, SIMPLE, KEY } from './core-harness';


describe('Control connection resync', () => {
  let sim: ScriptedCluster;
  let schema: ScriptedSchema;
  let cluster: TestCluster;
  let events: ClusterEvent[];
  const schemaEvents = (): Array<Omit<SchemaChangeEvent, 'at' | 'type'>> =>
    events.filter((e): e is SchemaChangeEvent => e.type === 'schema').map(({ at: _at, type: _type, ...rest }) => rest);
  const warnings = (): LogEvent[] => events.filter((e): e is LogEvent => e.type === 'log' && e.level === 'warn');

  async function start(extra: Partial<ClusterOptions> = {}): Promise<void> {
    cluster = new TestCluster({
      contactPoints: [`${sim.first.address}:${sim.port}`],
      refreshDebounceMs: 50,
      reconnection: new ConstantReconnectionPolicy(100),
      pooling: { heartbeatIntervalMs: 0 },
      ...extra,
    });
    events = [];
    cluster.events$.subscribe((e) => events.push(e));
    await cluster.connect();
  }

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [3] });
    schema = new ScriptedSchema();
    schema.table('app', 'users', [['id', 'int', 'partition_key'], ['name', 'text', 'regular']]);
    schema.table('app', 'legacy', [['id', 'int', 'partition_key']]);
    schema.install(sim);
  });
  afterEach(async () => {
    await cluster?.shutdown();
    await sim.stop();
  });

  /** DDL the client never hears of: a table created, one altered, one dropped, a keyspace created with RF 3. */
  function changeSchemaSilently(): void {
    schema.table('app', 'orders', [['id', 'int', 'partition_key'], ['at', 'timestamp', 'clustering'], ['total', 'int', 'regular']]);
    schema.table('app', 'users', [['id', 'int', 'partition_key'], ['name', 'text', 'regular'], ['email', 'text', 'regular']]);
    schema.keyspaces.get('app')?.tables.delete('legacy');
    schema.keyspace('shop', { class: SIMPLE, replication_factor: '3' });
    schema.table('shop', 'carts', [['id', 'int', 'partition_key']]);
  }

  const EXPECTED = [
    { change: 'dropped', target: 'table', keyspace: 'app', name: 'legacy' },
    { change: 'created', target: 'table', keyspace: 'app', name: 'orders' },
    { change: 'updated', target: 'table', keyspace: 'app', name: 'users' },
    { change: 'created', target: 'keyspace', keyspace: 'shop' },
    { change: 'created', target: 'table', keyspace: 'shop', name: 'carts' },
  ];

  function expectNewSchema(): void {
    const s = cluster.metadata.schema;
    expect(s.table('app', 'orders')?.clusteringColumns.map((c) => c.name)).toEqual(['at']);
    expect([...(s.table('app', 'users')?.columns.keys() ?? [])]).toEqual(['id', 'email', 'name']);
    expect(s.table('app', 'legacy')).toBeUndefined();
    expect(s.table('shop', 'carts')).toBeDefined();
    expect(cluster.metadata.getReplicas('shop', KEY)).toHaveLength(3); // routing knows the new keyspace's replication
  }

  it('reads the schema again when it moves to another host, and publishes what changed meanwhile', async () => {
    await start();
    expect(cluster.metadata.getReplicas('shop', KEY)).toEqual([]);
    const schemaReads = sim.nodes.map((n) => n.count('system_schema.tables'));
    changeSchemaSilently();
    await sim.first.crash();
    await waitFor('the control connection on another host', () => cluster.controlHost !== null && cluster.controlHost !== sim.first.endpoint);
    await waitFor('the schema events', () => schemaEvents().length >= EXPECTED.length);
    expect(schemaEvents()).toEqual(EXPECTED);
    expectNewSchema();
    const reread = sim.nodes.filter((n, i) => n.count('system_schema.tables') > (schemaReads[i] ?? 0));
    expect(reread.map((n) => n.endpoint)).toEqual([cluster.controlHost]);
    // Once: a later change pushed by the new control host is the next event (no repeat before it).
    schema.table('app', 'marker', [['id', 'int', 'partition_key']]);
    sim.node(cluster.controlHost?.split(':')[0] ?? '').pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'marker' });
    await waitFor('the marker event', () => schemaEvents().length > EXPECTED.length);
    expect(schemaEvents()).toEqual([...EXPECTED, { change: 'created', target: 'table', keyspace: 'app', name: 'marker' }]);
  });

  it('reads the schema again when the control connection returns after an outage of every host, during which the DDL ran', async () => {
    await start();
    await Promise.all(sim.nodes.map((n) => n.crash()));
    await waitFor('the control connection to drop', () => cluster.controlHost === null);
    changeSchemaSilently();
    // Every host is known down (reconnection attempts fail meanwhile): no schema read, no event.
    await waitFor('every host down', () => cluster.hosts().every((h) => h.state === 'down'));
    expect(schemaEvents()).toEqual([]);
    await Promise.all(sim.nodes.map((n) => n.start()));
    await waitFor('the control connection back', () => cluster.controlHost !== null);
    await waitFor('the schema events', () => schemaEvents().length >= EXPECTED.length);
    expect(schemaEvents()).toEqual(EXPECTED);
    expectNewSchema();
    expect(events.some((e) => e.type === 'log' && /schema read again after the control connection returned: 5 change/.test(e.message))).toBe(true);
  });

  it('keeps both changes when two schema refreshes overlap and the first to start ends last', async () => {
    await start();
    schema.table('app', 'slow', [['id', 'int', 'partition_key']]);
    schema.table('app', 'fast', [['id', 'int', 'partition_key']]);
    // The reads about `slow` answer late: its refresh starts first and ends after the one of `fast`.
    const aboutSlow = (req: { query?: string; values?: ReadonlyArray<unknown> }): boolean =>
      /FROM\s+system_schema\.(tables|columns)\b/.test(req.query ?? '') && String(req.values?.[1] ?? '') === 'slow';
    for (const node of sim.nodes) node.when({ when: aboutSlow, then: { rows: (req) => schema.rows(req) }, delayMs: 300 });
    const slow = cluster.afterSchemaChange({ change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'slow', argTypes: null });
    await waitFor('the read about slow sent', () => sim.nodes.some((n) => n.received.some((r) => aboutSlow(r))));
    await cluster.afterSchemaChange({ change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'fast', argTypes: null });
    await slow;
    // Each refresh built on the snapshot it started from: unchained, the later to finish dropped the other's table.
    expect(cluster.metadata.schema.table('app', 'fast')).toBeDefined();
    expect(cluster.metadata.schema.table('app', 'slow')).toBeDefined();
  });

  it('retries a failed schema refresh with backoff on the cluster clock, logging each failure as a warning', async () => {
    const clock = new FakeClock();
    await start({ clock });
    schema.table('app', 'orders', [['id', 'int', 'partition_key']]);
    sim.first.when({ when: /system_schema\.tables WHERE/, then: { error: { code: 0x1001, message: 'Overloaded' } }, times: 2 });
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'orders' });
    const seen: Array<[string, number]> = [];
    const sub = cluster.events$.subscribe((e) => {
      if (e.type === 'log' && e.level === 'warn') seen.push([e.message, clock.now()]);
      if (e.type === 'schema') seen.push([`${e.change} ${e.keyspace}.${e.name ?? ''}`, clock.now()]);
    });
    // Time moves 10 ms per step; between steps the event loop runs (the scripted node answers).
    for (let step = 0; step < 2000 && !seen.some(([m]) => m.startsWith('created')); step++) {
      clock.advance(10);
      await turns(20);
    }
    sub.unsubscribe();
    expect(seen.map(([m]) => m)).toEqual([
      'schema refresh failed (attempt 1 of 5), retrying in 100 ms: Overloaded',
      'schema refresh failed (attempt 2 of 5), retrying in 200 ms: Overloaded',
      'created app.orders',
    ]);
    const [first, second, done] = seen.map(([, at]) => at);
    expect(second! - first!).toBeGreaterThanOrEqual(100);
    expect(done! - second!).toBeGreaterThanOrEqual(200);
    expect(cluster.metadata.schema.table('app', 'orders')).toBeDefined();
  });

  it('gives a failing refresh up after five attempts and says so on log$', async () => {
    const clock = new FakeClock();
    await start({ clock });
    sim.first.when({ when: /system_schema\.tables WHERE/, then: { error: { code: 0x1001, message: 'Overloaded' } } });
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'orders' });
    for (let step = 0; step < 2000 && !warnings().some((w) => w.message.includes('giving up')); step++) {
      clock.advance(20);
      await turns(20);
    }
    expect(warnings().map((w) => w.message.replace(/ \(attempt \d of 5\), retrying in \d+ ms/, ' (retrying)'))).toEqual([
      ...Array<string>(4).fill('schema refresh failed (retrying): Overloaded'),
      'schema refresh failed 5 time(s), giving up until the next schema event or control reconnection: Overloaded',
    ]);
    expect(sim.first.count(/system_schema\.tables WHERE/)).toBe(5);
    expect(schemaEvents()).toEqual([]);
  });
});
