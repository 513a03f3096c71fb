/**
 * The `metadata` cluster options on a scripted cluster: schema off (only keyspace replication is
 * read, routing stays token-aware from the prepared statements' partition-key indexes), a keyspace
 * allow-list, token map off; and bad input (typed OptionError naming option and value, nothing sent).
 */
import { firstValueFrom } from 'rxjs';
import type { ClusterEvent, SchemaChangeEvent } from '../../lib/cluster/cluster-events';
import type { ClusterOptions } from '../../lib/cluster/cluster-options';
import { OptionError } from '../../lib/errors/option-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import { Cluster } from '../../lib/session/cluster';
import { ScriptedCluster } from '../support/scripted-server';
import { ScriptedSchema } from '../support/scripted-schema';
import { startSession, stopSession, type Setup } from '../session/scripted-session';
import { TestCluster, waitFor, SIMPLE, KEY } from './core-harness';

const intKey = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };

describe('metadata options', () => {
  let sim: ScriptedCluster;
  let schema: ScriptedSchema;
  let cluster: TestCluster | undefined;
  let events: ClusterEvent[];
  const schemaEvents = (): string[] => events.filter((e): e is SchemaChangeEvent => e.type === 'schema')
    .map((e) => `${e.change} ${e.target} ${e.keyspace}${e.name ? `.${e.name}` : ''}`);
  /** system_schema reads so far, every node (the control connection's), by query text. */
  const schemaReads = (): string[] => sim.nodes.flatMap((n) => n.received).map((r) => r.query ?? '').filter((q) => q.includes('system_schema.'));

  async function start(extra: Partial<ClusterOptions>): Promise<TestCluster> {
    cluster = new TestCluster({ contactPoints: [`${sim.first.address}:${sim.port}`], refreshDebounceMs: 20, pooling: { heartbeatIntervalMs: 0 }, ...extra });
    events = [];
    cluster.events$.subscribe((e) => events.push(e));
    await cluster.connect();
    return cluster;
  }

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [3] });
    schema = new ScriptedSchema();
    schema.table('app', 'users', [['id', 'int', 'partition_key'], ['name', 'text', 'regular']]);
    schema.table('shop', 'carts', [['id', 'int', 'partition_key']]);
    schema.keyspace('logs', { class: SIMPLE, replication_factor: '2' });
    schema.table('logs', 'lines', [['id', 'int', 'partition_key']]);
    schema.install(sim);
  });
  afterEach(async () => {
    await cluster?.shutdown();
    cluster = undefined;
    await sim.stop();
  });

  it('schema: false reads only the keyspaces\' replication, and schema events read nothing more', async () => {
    const c = await start({ metadata: { schema: false } });
    expect(schemaReads()).toEqual(['SELECT * FROM system_schema.keyspaces']);
    expect(c.metadata.schema.keyspaces()).toEqual([]);
    expect(c.metadata.replicationOf('logs')).toMatchObject({ replication_factor: '2' });
    expect(c.metadata.getReplicas('logs', KEY)).toHaveLength(2);

    schema.table('app', 'orders', [['id', 'int', 'partition_key']]);
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'orders' });
    await waitFor('the table event', () => schemaEvents().length === 1);
    expect(schemaEvents()).toEqual(['created table app.orders']); // published, though no table is kept
    expect(schemaReads()).toHaveLength(1);

    schema.keyspace('logs', { class: SIMPLE, replication_factor: '3' });
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'UPDATED', target: 'KEYSPACE', keyspace: 'logs' });
    await waitFor('the keyspace event', () => schemaEvents().length === 2);
    expect(schemaReads().slice(1)).toEqual(['SELECT * FROM system_schema.keyspaces WHERE keyspace_name = ?']);
    expect(c.metadata.getReplicas('logs', KEY)).toHaveLength(3); // routing follows ALTER KEYSPACE
    expect(c.metadata.schema.keyspaces()).toEqual([]);
  });

  it('schema: false with tokenMap: false reads nothing from system_schema and builds no token map', async () => {
    const c = await start({ metadata: { schema: false, tokenMap: false } });
    expect(schemaReads()).toEqual([]);
    expect(c.metadata.tokenMap).toBeNull();
    expect(c.metadata.getReplicas('logs', KEY)).toEqual([]);
    expect(c.hosts()).toHaveLength(3);
  });

  it('tokenMap: false keeps the schema but builds no token map', async () => {
    const c = await start({ metadata: { tokenMap: false } });
    expect(c.metadata.tokenMap).toBeNull();
    expect(c.metadata.getReplicas('logs', KEY)).toEqual([]);
    expect(c.metadata.schema.table('app', 'users')).toBeDefined();
  });

  it('keyspaces: [...] keeps only those keyspaces\' schema; the others keep their replication for routing', async () => {
    const c = await start({ metadata: { keyspaces: ['shop', 'missing'] } });
    expect(c.metadata.schema.keyspaces().map((k) => k.name)).toEqual(['shop']);
    expect(c.metadata.schema.table('shop', 'carts')).toBeDefined();
    expect(c.metadata.schema.table('app', 'users')).toBeUndefined();
    expect(c.metadata.getReplicas('logs', KEY)).toHaveLength(2);
    const perTable = schemaReads().filter((q) => !q.includes('system_schema.keyspaces'));
    expect(perTable.length).toBeGreaterThan(0);
    expect(perTable.every((q) => q.includes('WHERE keyspace_name = ?'))).toBe(true); // never a whole-table read
    const before = schemaReads().length;

    schema.table('app', 'orders', [['id', 'int', 'partition_key']]);
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'app', name: 'orders' });
    schema.table('shop', 'orders', [['id', 'int', 'partition_key']]);
    sim.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'shop', name: 'orders' });
    await waitFor('both events', () => schemaEvents().length === 2);
    expect(schemaEvents()).toEqual(['created table app.orders', 'created table shop.orders']);
    expect(c.metadata.schema.table('shop', 'orders')).toBeDefined();
    expect(c.metadata.schema.keyspace('app')).toBeUndefined();
    const reads = schemaReads().slice(before);
    expect(reads.length).toBeGreaterThan(0);
    expect(sim.nodes.flatMap((n) => n.received).filter((r) => (r.query ?? '').includes('system_schema.') && r.values?.[0]?.toString() === 'app')).toEqual([]);
  });

  describe('routing with schema: false', () => {
    let s: Setup | undefined;
    afterEach(async () => {
      await stopSession(s);
      s = undefined;
    });

    it('sends each prepared execution to the replica of its partition key (from the PREPARED partition-key indexes)', async () => {
      s = await startSession({ metadata: { schema: false } }, { nodesPerDc: [3], keyspaces: { ks: { class: SIMPLE, replication_factor: '1' } } });
      const { sim: nodes, cluster: c, session } = s;
      for (const n of nodes.nodes) {
        n.when({ when: (r) => r.opcode === Opcode.Prepare, then: { prepared: { variables: [{ name: 'id', type: { kind: 'int' } }], pkIndexes: [0] } } });
      }
      expect(c.metadata.schema.keyspaces()).toEqual([]);
      const coordinators = new Set<string>();
      for (let id = 0; id < 24; id++) {
        const replica = c.metadata.getReplicas('ks', intKey(id))[0];
        expect(replica).toBeDefined();
        const rs = await firstValueFrom(session.execute('SELECT * FROM t WHERE id = ?', [id], { prepare: true }));
        expect(rs.info.host).toBe(replica?.endpoint);
        coordinators.add(rs.info.host ?? '');
      }
      expect(coordinators.size).toBe(3); // the keys spread over the ring: not one host for everything
      expect(nodes.nodes.flatMap((n) => n.received).filter((r) => /system_schema\.(tables|columns)/.test(r.query ?? ''))).toEqual([]);
    });
  });

  describe('bad input', () => {
    const optionOf = (metadata: unknown): OptionError => {
      try {
        new Cluster({ contactPoints: [`${sim.first.address}:${sim.port}`], metadata } as unknown as ClusterOptions);
      } catch (e) {
        if (e instanceof OptionError) return e;
        throw e;
      }
      throw new Error('no OptionError');
    };

    it.each([
      ['a non-array keyspaces', { keyspaces: 'shop' }, 'metadata.keyspaces', 'shop', /expected an array of keyspace names, got "shop"/],
      ['a keyspace that is not a name', { keyspaces: ['shop', 7] }, 'metadata.keyspaces[1]', 7, /expected a keyspace name, got 7/],
      ['an empty keyspace name', { keyspaces: [''] }, 'metadata.keyspaces[0]', '', /got ""/],
      ['schema not a boolean', { schema: 'no' }, 'metadata.schema', 'no', /expected true or false, got "no"/],
      ['tokenMap not a boolean', { tokenMap: 0 }, 'metadata.tokenMap', 0, /got 0/],
      ['an allow-list with schema off', { schema: false, keyspaces: ['shop'] }, 'metadata.keyspaces', ['shop'], /schema metadata is off/],
      ['an unknown option', { tokens: false }, 'metadata.tokens', false, /unknown option/],
      ['metadata not an object', true, 'metadata', true, /got true/],
    ])('%s: OptionError naming the option and the value, nothing sent', async (_what, metadata, option, value, message) => {
      const e = optionOf(metadata);
      expect(e.option).toBe(option);
      expect(e.value).toEqual(value);
      expect(e.message).toMatch(message);
      expect(await sim.first.acceptedBefore()).toBe(0);
    });
  });
});
