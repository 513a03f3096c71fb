/**
 * What the cluster knows beyond hosts: the partitioner, the token map and each keyspace's
 * replication, kept current by topology and schema refreshes. Replicas of a routing key are
 * looked up here for token-aware routing.
 */
import { partitionerFor, type Partitioner, type Token } from '../metadata/partitioner';
import type { ReplicationOptions } from '../metadata/replication';
import { TokenMap } from '../metadata/token-map';
import type { Host } from './host';
import { SchemaFetcher } from '../metadata/schema/fetcher';
import type { QueryRunner } from '../metadata/schema/query-runner';
import { SchemaSnapshot } from '../metadata/schema/snapshot';
import { diffSchemas, type SchemaDifference } from '../metadata/schema/diff';
import type { SchemaChange } from '../protocol/events';
import { exportAsCql } from '../metadata/schema/export';
import { StatementError } from '../errors/client-errors';
import { routingKeyFromValues } from '../metadata/routing-key';

export class ClusterMetadata {
  private partitionerImpl: Partitioner | undefined;
  private map: TokenMap<Host> | null = null;
  private snapshot: SchemaSnapshot = SchemaSnapshot.EMPTY;
  /** `keyspace.name` of every materialized view ever seen: tells a dropped view's TABLE event from a table's. */
  private readonly viewNames = new Set<string>();

  get partitioner(): Partitioner | undefined {
    return this.partitionerImpl;
  }

  get tokenMap(): TokenMap<Host> | null {
    return this.map;
  }

  /** The current schema: an immutable snapshot, replaced on every change (see docs/metadata.md). */
  get schema(): SchemaSnapshot {
    return this.snapshot;
  }

  /** Replication options of a keyspace, when known. */
  replicationOf(keyspace: string): ReplicationOptions | undefined {
    return this.snapshot.keyspace(keyspace)?.replication;
  }

  /** Rebuilds the token map from the hosts' tokens. */
  rebuildTokenMap(hosts: readonly Host[], partitionerName: string | undefined): void {
    if (partitionerName) this.partitionerImpl = partitionerFor(partitionerName) ?? this.partitionerImpl;
    const p = this.partitionerImpl;
    this.map = p ? TokenMap.build<Host, Token>(p, hosts.filter((h) => h.tokens.length > 0)) : null;
  }

  /** Reads the whole schema. */
  async loadSchema(runner: QueryRunner): Promise<void> {
    this.snapshot = await new SchemaFetcher(runner).fetchAll();
    this.noteViews();
  }

  /**
   * Reads the whole schema again, replaces the snapshot and returns what differs from the one it
   * replaces (compared when the new one is in hand, so changes applied meanwhile by an
   * incremental refresh are not reported twice). Routing follows at once: replicas are looked up
   * with the keyspaces' replication from the current snapshot.
   */
  async resyncSchema(runner: QueryRunner): Promise<SchemaDifference[]> {
    const fresh = await new SchemaFetcher(runner).fetchAll();
    const before = this.snapshot;
    this.snapshot = fresh;
    this.noteViews();
    return diffSchemas(before, fresh);
  }

  /** Whether `keyspace.name` is (or was) a materialized view. */
  isView(keyspace: string, name: string): boolean {
    return this.viewNames.has(`${keyspace}.${name}`);
  }

  private noteViews(): void {
    for (const ks of this.snapshot.keyspaces()) for (const v of ks.views.keys()) this.viewNames.add(`${ks.name}.${v}`);
  }

  /** Applies schema changes, reading only what each one names. */
  async refreshSchema(runner: QueryRunner, changes: readonly SchemaChange[]): Promise<void> {
    const fetcher = new SchemaFetcher(runner);
    for (const c of changes) {
      this.snapshot = await fetcher.refresh(this.snapshot, c);
      this.noteViews();
    }
  }

  /** CREATE statements for the whole schema, a keyspace, or one table (see docs/metadata.md). */
  exportAsCql(keyspace?: string, table?: string): string {
    return exportAsCql(this.snapshot, keyspace, table);
  }

  /**
   * The serialized partition key of a row of `keyspace.table`, from its partition-key values in
   * key order (typed by the table's schema). Throws InvalidValueError for a bad value.
   */
  routingKey(keyspace: string, table: string, values: readonly unknown[]): Buffer {
    const t = this.snapshot.table(keyspace, table);
    if (!t) throw new StatementError(`Unknown table ${keyspace}.${table}`);
    if (values.length !== t.partitionKey.length) {
      throw new StatementError(`${keyspace}.${table} has ${t.partitionKey.length} partition-key column(s), got ${values.length} value(s)`);
    }
    const key = routingKeyFromValues(t.partitionKey.map((c) => c.type), values);
    if (!key) throw new StatementError(`A partition-key value of ${keyspace}.${table} is null or unset`);
    return key;
  }

  /** Token of a serialized partition key, or undefined before the partitioner is known. */
  getToken(routingKey: Uint8Array): Token | undefined {
    return this.partitionerImpl?.tokenOf(routingKey);
  }

  /**
   * Replicas of a partition, primary first; empty when unknown. The key is serialized, or given
   * as the table and its partition-key values.
   */
  getReplicas(keyspace: string, key: Uint8Array | { readonly table: string; readonly values: readonly unknown[] }): readonly Host[] {
    const map = this.map;
    const repl = this.replicationOf(keyspace);
    if (!map || !repl) return [];
    const routingKey = key instanceof Uint8Array ? key : this.routingKey(keyspace, key.table, key.values);
    return map.getReplicas(repl, map.tokenOf(routingKey));
  }
}
