/**
 * What the cluster knows beyond hosts: the partitioner, the token map and each keyspace's
 * replication, kept current by topology and schema refreshes, within the scope of the `metadata`
 * options (schema on/off, a keyspace allow-list, token map on/off). Replicas of a routing key are
 * looked up here for token-aware routing; `refresh()` reads the schema again on demand.
 */
import { partitionerFor, type Partitioner, type Token } from '../metadata/partitioner';
import type { ReplicationOptions } from '../metadata/replication';
import { TokenMap } from '../metadata/token-map';
import type { Host } from './host';
import type { QueryRunner } from '../metadata/schema/query-runner';
import { SchemaSnapshot } from '../metadata/schema/snapshot';
import { diffSchemas, type SchemaDifference } from '../metadata/schema/diff';
import {
  combined, EMPTY_SCOPED, FULL_SCOPE, ScopedSchemaReader, type MetadataScope, type ScopedSchema,
} from '../metadata/schema/scoped-reader';
import type { SchemaChange } from '../protocol/events';
import { exportAsCql } from '../metadata/schema/export';
import { ClusterStateError, StatementError } from '../errors/client-errors';
import { routingKeyFromValues } from '../metadata/routing-key';

/** Where `refresh()` reads, and where what it finds goes (the cluster core). */
export interface MetadataSource {
  /** Schema reads (the control connection). */
  readonly runner: QueryRunner;
  /** Throws (ClusterStateError) when nothing can be read now: before connect, after shutdown. */
  assertReady(): void;
  /** What a refresh found changed, published as the server's SCHEMA_CHANGE events would be. */
  onRefreshed(differences: readonly SchemaDifference[]): void;
}

/** What `cluster.metadata` shows: read-only views of the schema and the ring, and an on-demand refresh. */
export interface Metadata {
  /** The scope the `metadata` options set (schema on/off, kept keyspaces, token map on/off). */
  readonly scope: MetadataScope;
  /** The partitioner the cluster uses, once known. */
  readonly partitioner: Partitioner | undefined;
  /** Token ownership of every host, once the topology is read (null with `metadata.tokenMap: false`). */
  readonly tokenMap: TokenMap<Host> | null;
  /** The current schema: an immutable snapshot, replaced on every change (see docs/metadata.md). */
  readonly schema: SchemaSnapshot;
  /** Replication options of a keyspace, when known. */
  replicationOf(keyspace: string): ReplicationOptions | undefined;
  /**
   * Reads the schema again (all of it, or one keyspace) and publishes what changed on
   * `schemaChanges$` before it resolves. Rejects with ClusterStateError unless connected.
   */
  refresh(keyspace?: string): Promise<void>;
  /** CREATE statements for the whole schema, a keyspace, or one table. */
  exportAsCql(keyspace?: string, table?: string): string;
  /** The serialized partition key of a row of `keyspace.table`, from its partition-key values. */
  routingKey(keyspace: string, table: string, values: readonly unknown[]): Buffer;
  /** Token of a serialized partition key, or undefined before the partitioner is known. */
  getToken(routingKey: Uint8Array): Token | undefined;
  /** Replicas of a partition, primary first; empty when unknown. */
  getReplicas(keyspace: string, key: Uint8Array | { readonly table: string; readonly values: readonly unknown[] }): readonly Host[];
}

export class ClusterMetadata implements Metadata {
  private partitionerImpl: Partitioner | undefined;
  private map: TokenMap<Host> | null = null;
  private kept: ScopedSchema = EMPTY_SCOPED;
  /** `keyspace.name` of every materialized view ever seen: tells a dropped view's TABLE event from a table's. */
  private readonly viewNames = new Set<string>();
  /**
   * The schema reads that replace `kept`, chained: each builds on the snapshot it starts from, so
   * two that overlapped (a DDL's own refresh, the debounced refresh of an earlier event) would let
   * the later to finish drop the other's change.
   */
  private updates: Promise<unknown> = Promise.resolve();

  /** @internal The cluster core creates it; `scope` from the `metadata` options. */
  constructor(readonly scope: MetadataScope = FULL_SCOPE, private readonly source?: MetadataSource) {}

  get partitioner(): Partitioner | undefined {
    return this.partitionerImpl;
  }

  get tokenMap(): TokenMap<Host> | null {
    return this.map;
  }

  /**
   * The current schema: an immutable snapshot, replaced on every change (see docs/metadata.md).
   * Only the keyspaces the `metadata` options keep (none with `schema: false`).
   */
  get schema(): SchemaSnapshot {
    return this.kept.full;
  }

  /** Replication options of a keyspace, when known (also for keyspaces outside the schema scope, while a token map is kept). */
  replicationOf(keyspace: string): ReplicationOptions | undefined {
    return (this.kept.full.keyspace(keyspace) ?? this.kept.outline.keyspace(keyspace))?.replication;
  }

  /** Rebuilds the token map from the hosts' tokens (none with `metadata.tokenMap: false`). */
  rebuildTokenMap(hosts: readonly Host[], partitionerName: string | undefined): void {
    if (partitionerName) this.partitionerImpl = partitionerFor(partitionerName) ?? this.partitionerImpl;
    const p = this.partitionerImpl;
    this.map = p && this.scope.tokenMap ? TokenMap.build<Host, Token>(p, hosts.filter((h) => h.tokens.length > 0)) : null;
  }

  /** Reads the whole schema (as far as the scope keeps it). */
  async loadSchema(runner: QueryRunner): Promise<void> {
    await this.serially(async () => {
      this.kept = await new ScopedSchemaReader(runner, this.scope).readAll();
      this.noteViews();
    });
  }

  /**
   * Reads the schema again now — all of it, or one keyspace — as far as the `metadata` options
   * keep it (for a keyspace outside the allow-list, or with `schema: false`: its replication
   * only, while a token map is kept; nothing when nothing is kept). What differs from what was
   * kept is published on `schemaChanges$` before this resolves. Rejects with ClusterStateError
   * unless the cluster is connected.
   */
  async refresh(keyspace?: string): Promise<void> {
    const source = this.source;
    if (!source) throw new ClusterStateError('This metadata belongs to no cluster');
    source.assertReady();
    if (keyspace !== undefined && (typeof keyspace !== 'string' || keyspace === '')) {
      throw new StatementError(`refresh(keyspace): expected a keyspace name, got ${JSON.stringify(keyspace)}`);
    }
    const reader = new ScopedSchemaReader(source.runner, this.scope);
    await this.serially(async () => {
      const before = this.kept;
      this.kept = keyspace === undefined ? await reader.readAll() : await reader.readKeyspace(this.kept, keyspace);
      this.noteViews();
      const [a, b] = keyspace === undefined ? [combined(before), combined(this.kept)] : [only(before, keyspace), only(this.kept, keyspace)];
      source.onRefreshed(diffSchemas(a, b));
    });
  }

  /**
   * Reads the whole schema again, replaces the snapshot and returns what differs from the one it
   * replaces (compared when the new one is in hand, so changes applied meanwhile by an
   * incremental refresh are not reported twice). Routing follows at once: replicas are looked up
   * with the keyspaces' replication from the current snapshot.
   */
  async resyncSchema(runner: QueryRunner): Promise<SchemaDifference[]> {
    return this.serially(async () => {
      const fresh = await new ScopedSchemaReader(runner, this.scope).readAll();
      const before = this.kept;
      this.kept = fresh;
      this.noteViews();
      return diffSchemas(combined(before), combined(fresh));
    });
  }

  /** Keyspaces kept as their replication only (outside the schema scope): their names. */
  outlinedKeyspaces(): string[] {
    return this.kept.outline.keyspaces().map((k) => k.name);
  }

  /** Whether `keyspace.name` is (or was) a materialized view. */
  isView(keyspace: string, name: string): boolean {
    return this.viewNames.has(`${keyspace}.${name}`);
  }

  private noteViews(): void {
    for (const ks of this.kept.full.keyspaces()) for (const v of ks.views.keys()) this.viewNames.add(`${ks.name}.${v}`);
  }

  /**
   * Applies schema changes, reading only what each one names (nothing for what the scope does not
   * keep); a change repeated in the batch is read once.
   */
  async refreshSchema(runner: QueryRunner, changes: readonly SchemaChange[]): Promise<void> {
    const reader = new ScopedSchemaReader(runner, this.scope);
    const distinct = new Map(changes.map((c) => [`${c.change}|${c.target}|${c.keyspace}|${c.name ?? ''}|${(c.argTypes ?? []).join(',')}`, c]));
    await this.serially(async () => {
      for (const c of distinct.values()) {
        this.kept = await reader.apply(this.kept, c);
        this.noteViews();
      }
    });
  }

  /** Runs `update` once every update queued before it has ended (failed ones included). */
  private serially<T>(update: () => Promise<T>): Promise<T> {
    const run = this.updates.then(update, update);
    this.updates = run.catch(() => undefined);
    return run;
  }

  /** CREATE statements for the whole schema, a keyspace, or one table (see docs/metadata.md). */
  exportAsCql(keyspace?: string, table?: string): string {
    return exportAsCql(this.kept.full, keyspace, table);
  }

  /**
   * The serialized partition key of a row of `keyspace.table`, from its partition-key values in
   * key order (typed by the table's schema). Throws InvalidValueError for a bad value.
   */
  routingKey(keyspace: string, table: string, values: readonly unknown[]): Buffer {
    const t = this.kept.full.table(keyspace, table);
    if (!t) throw new StatementError(`Unknown table ${keyspace}.${table}${this.scope.schema ? '' : ' (schema metadata is off: metadata.schema is false)'}`);
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

/** The snapshot of one keyspace as kept (full or outline), or an empty one. */
function only(kept: ScopedSchema, keyspace: string): SchemaSnapshot {
  const ks = kept.full.keyspace(keyspace) ?? kept.outline.keyspace(keyspace);
  return ks ? SchemaSnapshot.of([ks]) : SchemaSnapshot.EMPTY;
}
