import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Cluster, exportAsCql, type ClusterSessionOptions, type Session } from 'cassandra-rx';
import { blocksMissingFrom, repoRoot, tsBlocks } from '../support/doc-blocks';
import { ScriptedCluster, type TopologyOptions } from '../support/scripted-server';
import { ScriptedSchema } from '../support/scripted-schema';
// Compiled (and type-checked by ts-jest) by importing it: the code the page shows.
import * as snippets from './metadata-snippets';

const SIMPLE = 'org.apache.cassandra.locator.SimpleStrategy';

describe('docs/metadata.md shows compiled code', () => {
  const page = readFileSync(join(repoRoot, 'docs', 'metadata.md'), 'utf8');

  it('every TypeScript block of docs/metadata.md is in metadata-snippets.ts', () => {
    const blocks = tsBlocks(page);
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    expect(blocksMissingFrom(blocks, [join(__dirname, 'metadata-snippets.ts')])).toEqual([]);
  });

  it('the snippets import only the package entry and rxjs, so every block compiles against the public API', () => {
    const source = readFileSync(join(__dirname, 'metadata-snippets.ts'), 'utf8');
    const specifiers = new Set([...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] as string));
    expect([...specifiers].sort()).toEqual(['cassandra-rx', 'rxjs']);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it('no block reaches into lib/ or the internal schema modules', () => {
    const internals = /\b(SchemaFetcher|connectionRunner|QueryRunner|refreshKeyspace|refreshTable|keyspaceStatements|tableStatements|schemaStatements|create(Table|Index|View|Type|Function|Aggregate|Keyspace)Cql|murmur3Partitioner|partitionerFor|parseReplication)\b/;
    expect(tsBlocks(page).filter((b) => internals.test(b) || /from '\.{1,2}\//.test(b))).toEqual([]);
  });

  it('internals are described only under "How it works inside (not public API)"', () => {
    const inside = page.indexOf('## How it works inside (not public API)');
    expect(inside).toBeGreaterThan(0);
    expect(page.slice(inside)).not.toContain('```');
    expect(page.slice(0, inside)).not.toMatch(/\bSchemaFetcher\b|\bconnectionRunner\b|\brefresh\.ts\b/);
  });

  it('the snippets that need no server are functions (compiled, not run)', () => {
    expect([snippets.connectAndRead, snippets.columnMask].every((f) => typeof f === 'function')).toBe(true);
  });
});

describe('docs/metadata.md snippets on a scripted cluster', () => {
  let sim: ScriptedCluster | undefined;
  let cluster: Cluster | undefined;
  let schema: ScriptedSchema;

  async function start(options: Partial<ClusterSessionOptions> = {}, topology: TopologyOptions = { nodesPerDc: [3] }): Promise<[Cluster, Session]> {
    sim = await ScriptedCluster.start(topology);
    schema.install(sim);
    cluster = new Cluster({ contactPoints: [`${sim.first.address}:${sim.port}`], refreshDebounceMs: 20, pooling: { heartbeatIntervalMs: 0 }, ...options });
    return [cluster, await cluster.connect('shop')];
  }

  beforeEach(() => {
    schema = new ScriptedSchema();
    schema.keyspace('shop', { class: SIMPLE, replication_factor: '2' });
    schema.table('shop', 'orders', [['id', 'int', 'partition_key'], ['total', 'decimal', 'regular']]);
    schema.table('billing', 'invoices', [['id', 'int', 'partition_key']]);
  });
  afterEach(async () => {
    await cluster?.shutdown();
    await sim?.stop();
    cluster = undefined;
    sim = undefined;
  });

  it('lookups: the snapshot finds keyspaces, tables and typed columns by name', async () => {
    const [c] = await start();
    const s = snippets.lookups(c);
    expect(s).toBe(c.metadata.schema);
    expect(s.keyspaces().map((k) => k.name)).toEqual(['billing', 'shop']);
    expect(s.keyspace('shop')?.replication).toEqual({ class: SIMPLE, replication_factor: '2' });
    expect(s.table('shop', 'orders')?.partitionKey.map((col) => col.name)).toEqual(['id']);
    expect(s.table('shop', 'orders')?.columns.get('total')?.type).toEqual({ kind: 'decimal' });
    expect(s.view('shop', 'orders_by_user')).toBeUndefined(); // the scripted schema has none
  });

  it('snapshots never change: a refresh builds a new one that shares what it did not read', async () => {
    const [c] = await start();
    schema.table('shop', 'returns', [['id', 'int', 'partition_key']]); // DDL the client has not seen
    const [before, after] = await snippets.sharing(c);
    expect(after).not.toBe(before);
    expect(after.keyspace('billing')).toBe(before.keyspace('billing'));
    expect(before.table('shop', 'returns')).toBeUndefined();
    expect(after.table('shop', 'returns')?.partitionKey.map((col) => col.name)).toEqual(['id']);
    expect(Object.isFrozen(after.table('shop', 'orders'))).toBe(true);
  });

  it('following changes: the event comes once the snapshot shows the change; agreement is reached', async () => {
    const [c] = await start();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      schema.table('shop', 'refunds', [['id', 'int', 'partition_key']]);
      await expect(snippets.following(c)).resolves.toBe(true);
      expect(log).toHaveBeenCalledTimes(1); // refresh() published the difference; refresh('shop') found none
      expect(log.mock.calls[0]?.[0]).toMatchObject({ kind: 'table', keyspace: 'shop', name: 'refunds' });
    } finally {
      log.mockRestore();
    }
  });

  it('exporting: the table form, the keyspace form and the snapshot form print the same CREATE TABLE', async () => {
    const [c] = await start();
    const cql = snippets.exporting(c);
    expect(cql).toBe('CREATE TABLE shop.orders (\n    id int PRIMARY KEY,\n    total decimal\n) WITH comment = \'\';\n');
    expect(c.metadata.exportAsCql('shop', 'orders')).toBe(cql);
    expect(exportAsCql(c.metadata.schema, 'shop', 'orders')).toBe(cql);
    // The keyspace form: CREATE KEYSPACE (the class short, as DESCRIBE prints it), then its tables.
    expect(c.metadata.exportAsCql('shop')).toBe(`CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '2'}  AND durable_writes = true;\n\n${cql}`);
    expect(c.metadata.exportAsCql('shop', 'missing')).toBe('');
  });

  it('virtual keyspaces: none on a server that serves no system_virtual_schema', async () => {
    const [c] = await start();
    expect(snippets.virtualKeyspaces(c)).toEqual([]);
  });

  it('replicas: the routing key finds RF replicas, the same in both forms, and the simple statement goes to one', async () => {
    const [c, session] = await start();
    const key = await snippets.replicas(c, session, 42);
    const replicas = c.metadata.getReplicas('shop', key);
    expect(replicas).toHaveLength(2);
    expect(c.metadata.getReplicas('shop', { table: 'orders', values: [42] })).toEqual(replicas);
    expect(typeof c.metadata.getToken(key)).toBe('bigint');
    expect(c.metadata.partitioner?.name).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    const coordinators = (sim as ScriptedCluster).nodes.filter((n) => n.count('SELECT * FROM orders WHERE id = ?') > 0)
      .map((n) => `${n.self.address}:${n.self.port}`);
    expect(coordinators).toHaveLength(1);
    expect(replicas.map((h) => h.endpoint)).toContain(coordinators[0]);
    const owner = replicas[0]?.endpoint ?? '';
    expect(c.metadata.tokenMap?.primaryRanges(owner).length).toBeGreaterThan(0);
  });

  it('a ring of your own: NetworkTopologyStrategy dc1: 2 gives the owner of the range and the next host', async () => {
    const [c] = await start();
    const key = c.metadata.routingKey('shop', 'orders', [42]);
    const plan = snippets.ownRing(c, key);
    const token = c.metadata.getToken(key) as bigint;
    const ring = [-6148914691236517206n, 0n, 6148914691236517205n];
    const primary = Math.max(0, ring.findIndex((t) => t >= token));
    const expected = [primary, (primary + 1) % 3].map((i) => `10.0.0.${i + 1}:9042`);
    expect(plan?.getReplicas({ class: 'NetworkTopologyStrategy', dc1: '2' }, plan.tokenOf(key)).map((o) => o.endpoint)).toEqual(expected);
  });

  it('RackFirstPolicy: pools and plans only in dc1, rack1 hosts first', async () => {
    const [, session] = await start(
      { profiles: { default: { loadBalancing: new snippets.RackFirstPolicy('dc1', 'rack1') } } },
      { nodesPerDc: [3, 2], racksPerDc: 2 },
    );
    const cql = 'SELECT * FROM orders';
    for (let i = 0; i < 12; i++) await new Promise<void>((resolve, reject) => session.execute(cql).subscribe({ complete: resolve, error: reject }));
    const served = (sim as ScriptedCluster).nodes.map((n) => [n.self.datacenter, n.self.rack, n.count(cql)] as const);
    expect(served.filter(([dc, rack]) => dc !== 'dc1' || rack !== 'rack1').every(([, , n]) => n === 0)).toBe(true);
    expect(served.reduce((sum, [, , n]) => sum + n, 0)).toBe(12);
    const dc2 = (cluster as Cluster).hosts().filter((h) => h.datacenter === 'dc2');
    expect(dc2.every((h) => h.state === 'unknown')).toBe(true); // ignored: no pool was opened
  });

  it('profiles(): a cluster with the policy in its default profile', async () => {
    const c = snippets.profiles();
    expect(c).toBeInstanceOf(Cluster);
    await c.shutdown();
  });
});
