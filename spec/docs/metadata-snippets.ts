/**
 * The code of docs/metadata.md, compiled here: metadata-docs.spec.ts imports this file (ts-jest
 * type-checks it), checks that every TypeScript block of the page appears in it verbatim
 * (whitespace aside), and runs most of them against a scripted cluster. Everything is imported
 * from the package entries, as users import it; each block is the body of a function (or a class),
 * so nothing runs on import. Some functions return what a block computes, for the spec to check.
 */
import { firstValueFrom } from 'rxjs';
import { Cluster, DefaultLoadBalancingPolicy, TokenMap, exportAsCql } from 'cassandra-rx';
import type {
  ClusterView, HostDistance, HostView, LoadBalancingPolicy, RoutingRequest, SchemaSnapshot, Session, TokenOwner,
} from 'cassandra-rx';

/** "Reading it": connecting (not run: it needs a server on 127.0.0.1:9042). */
export async function connectAndRead(): Promise<SchemaSnapshot> {
  const cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
  await cluster.connect();                                 // reads the schema (as far as the metadata options keep it)
  const schema: SchemaSnapshot = cluster.metadata.schema;  // the schema now
  await cluster.shutdown();
  return schema;
}

/** The look-ups of a snapshot; returns the snapshot they read. */
export function lookups(cluster: Cluster): SchemaSnapshot {
  const schema = cluster.metadata.schema;
  schema.keyspaces();                                      // every keyspace, in name order, virtual ones included
  schema.keyspace('shop')?.replication;                    // { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' }
  schema.table('shop', 'orders')?.partitionKey;            // ColumnMetadata[], in key order
  schema.table('shop', 'orders')?.columns.get('total')?.type; // a DataType: { kind: 'decimal' }
  schema.view('shop', 'orders_by_user');
  schema.viewsOf('shop', 'orders');                        // the views whose base table is shop.orders
  schema.index('shop', 'orders_total_sai');
  schema.userType('shop', 'address')?.fields;
  schema.function('shop', 'plus', ['int', 'int']);
  schema.functionsNamed('shop', 'plus');                   // every overload
  schema.aggregate('shop', 'average', ['int']);
  return schema;
}

/** "Snapshots never change": the snapshots before and after a refresh. */
export async function sharing(cluster: Cluster): Promise<[SchemaSnapshot, SchemaSnapshot]> {
  const before = cluster.metadata.schema;
  await cluster.metadata.refresh('shop');                  // reads keyspace shop again
  const after = cluster.metadata.schema;                   // a new snapshot
  after.keyspace('billing') === before.keyspace('billing'); // true: what was not read again is shared
  before.table('shop', 'orders');                          // the old snapshot still shows shop as it was
  return [before, after];
}

/** "Following schema changes"; resolves with what awaitSchemaAgreement answered. */
export async function following(cluster: Cluster): Promise<boolean> {
  cluster.schemaChanges$.subscribe((e) => {
    // e.g. { type: 'schema', change: 'created', target: 'table', keyspace: 'shop', name: 'orders', at }
    if (e.target === 'table' && e.name !== undefined) console.log(cluster.metadata.schema.table(e.keyspace, e.name)); // already there
  });

  await cluster.metadata.refresh();                        // the whole schema again, on demand
  await cluster.metadata.refresh('shop');                  // one keyspace
  const agreed = await cluster.awaitSchemaAgreement(10_000); // after DDL sent some other way: true once every host agrees
  return agreed;
}

/** "Exporting as CQL"; returns the keyspace's export from the KeyspaceMetadata form ('' without it). */
export function exporting(cluster: Cluster): string {
  cluster.metadata.exportAsCql();                          // every non-system keyspace
  cluster.metadata.exportAsCql('shop');                    // one keyspace
  cluster.metadata.exportAsCql('shop', 'orders');          // one table with its indexes and views (or one view)

  const snapshot = cluster.metadata.schema;                // or a snapshot kept from earlier
  exportAsCql(snapshot, 'shop', 'orders');
  exportAsCql(snapshot, undefined, undefined, { includeSystem: true }); // the system and virtual keyspaces too
  const shop = snapshot.keyspace('shop');
  if (shop) exportAsCql(shop, 'orders');                   // from a KeyspaceMetadata
  return shop ? exportAsCql(shop, 'orders') : '';
}

/** "Virtual keyspaces"; returns system_views' table names. */
export function virtualKeyspaces(cluster: Cluster): string[] {
  const views = cluster.metadata.schema.keyspace('system_views');
  views?.virtual;                                          // true: read-only, exported as comments
  [...(views?.tables.keys() ?? [])];                       // 'caches', 'clients', 'settings', ...
  return [...(views?.tables.keys() ?? [])];
}

/** "Column masks"; returns the mask. */
export function columnMask(cluster: Cluster): unknown {
  return cluster.metadata.schema.table('shop', 'customers')?.columns.get('email')?.mask;
  // { keyspace: 'system', name: 'mask_inner', argumentTypes: ['int', 'int'], argumentValues: ['1', null] }
}

/** "Looking up replicas"; returns the routing key the block computed. */
export async function replicas(cluster: Cluster, session: Session, orderId: number): Promise<Buffer> {
  const meta = cluster.metadata;
  meta.partitioner?.name;                                  // 'org.apache.cassandra.dht.Murmur3Partitioner'
  const key = meta.routingKey('shop', 'orders', [orderId]); // the serialized partition key (a Buffer)
  meta.getToken(key);                                      // its token: a bigint for Murmur3
  meta.getReplicas('shop', key);                           // Host[], primary replica first
  meta.getReplicas('shop', { table: 'orders', values: [orderId] }); // the same, the key computed for you
  meta.replicationOf('shop');                              // { class: '...SimpleStrategy', replication_factor: '2' }
  await firstValueFrom(session.execute('SELECT * FROM orders WHERE id = ?', [orderId], { routingKey: key })); // token-aware, not prepared

  const ring = meta.tokenMap;                              // TokenMap<Host>; null with metadata: { tokenMap: false }
  ring?.primaryRanges('10.0.0.1:9042');                    // the (start, end] ranges the host owns
  ring?.replicaRanges(meta.replicationOf('shop') ?? {}, '10.0.0.1:9042'); // the ranges it holds a replica of
  return key;
}

/** "The token map": a ring of your own (undefined before the cluster knows its partitioner). */
export function ownRing(cluster: Cluster, key: Buffer): TokenMap | undefined {
  const owners: TokenOwner[] = [
    { endpoint: '10.0.0.1:9042', datacenter: 'dc1', rack: 'r1', tokens: ['-6148914691236517206'] },
    { endpoint: '10.0.0.2:9042', datacenter: 'dc1', rack: 'r2', tokens: ['0'] },
    { endpoint: '10.0.0.3:9042', datacenter: 'dc1', rack: 'r3', tokens: ['6148914691236517205'] },
  ];
  const partitioner = cluster.metadata.partitioner;        // undefined until connected
  const plan = partitioner ? TokenMap.build(partitioner, owners) : undefined;
  plan?.getReplicas({ class: 'NetworkTopologyStrategy', dc1: '2' }, plan.tokenOf(key)); // owners, primary first
  return plan;
}

/** "Writing your own" load-balancing policy. */
class RackFirstPolicy implements LoadBalancingPolicy {
  private cluster: ClusterView | undefined;

  constructor(private readonly localDc: string, private readonly rack: string) {}

  init(cluster: ClusterView): void {
    this.cluster = cluster;
  }

  distance(host: HostView): HostDistance {
    return host.datacenter === this.localDc ? 'local' : 'ignored';
  }

  newQueryPlan(request: RoutingRequest): HostView[] {
    const cluster = this.cluster;
    if (!cluster) return [];
    const usable = cluster.hosts().filter((h) => h.state !== 'down' && this.distance(h) === 'local');
    const replicas = request.keyspace !== undefined && request.routingKey !== undefined
      ? cluster.replicas(request.keyspace, request.routingKey).filter((h) => usable.includes(h))
      : [];
    const others = usable.filter((h) => !replicas.includes(h)).sort((a, b) => cluster.inFlight(a) - cluster.inFlight(b));
    const rackFirst = (hosts: HostView[]): HostView[] => [...hosts.filter((h) => h.rack === this.rack), ...hosts.filter((h) => h.rack !== this.rack)];
    return [...rackFirst(replicas), ...rackFirst(others)];
  }
}
export { RackFirstPolicy };

/** The policy in execution profiles (not connected). */
export function profiles(): Cluster {
  const cluster = new Cluster({
    contactPoints: ['10.0.0.1'],
    profiles: {
      default: { loadBalancing: new RackFirstPolicy('dc1', 'rack1') },
      reports: { loadBalancing: new DefaultLoadBalancingPolicy({ localDatacenter: 'dc1' }) },
    },
  });
  // session.execute(cql, params, { profile: 'reports' }) plans with the second policy
  return cluster;
}
