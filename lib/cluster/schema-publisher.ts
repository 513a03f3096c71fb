/**
 * From schema changes to `schemaChanges$`: a debounced batch of the server's SCHEMA_CHANGE events
 * is applied to the metadata first, then each change is published once; a full re-read (the
 * control connection returned, or `cluster.metadata.refresh()`) publishes each difference it found
 * in the shape the server's event would have had. Before publishing, the session layer's hook sees
 * every change (prepared statements that depend on it are prepared again on next use).
 */
import type { SchemaDifference } from '../metadata/schema/diff';
import type { QueryRunner } from '../metadata/schema/query-runner';
import type { SchemaChange } from '../protocol/events';
import type { ClusterEvent, LogLevel, SchemaChangeEvent } from './cluster-events';
import type { ClusterMetadata } from './cluster-metadata';
import { differenceToEvent, toSchemaEvent } from './schema-events';

/** What the publisher needs from the cluster core. */
export interface SchemaPublisherHost {
  readonly metadata: ClusterMetadata;
  /** Schema reads (the control connection). */
  readonly runner: QueryRunner;
  isClosed(): boolean;
  /** Brings the metadata up to date with these changes. */
  refresh(changes: readonly SchemaChange[]): Promise<void>;
  /** The session layer's hook, called for every change before it is published. */
  onSchemaEvent(change: SchemaChange | SchemaChangeEvent): void;
  publish(event: ClusterEvent): void;
  log(level: LogLevel, message: string): void;
}

const keyOf = (e: SchemaChangeEvent): string => `${e.change}|${e.target}|${e.keyspace}|${e.name ?? ''}|${(e.argTypes ?? []).join(',')}`;

export class SchemaPublisher {
  constructor(private readonly host: SchemaPublisherHost) {}

  /**
   * Debounced server events: the metadata takes them (reading only what the `metadata` options
   * keep), then each distinct change is published — also those in keyspaces whose schema is not
   * kept (the metadata has nothing to reflect for them).
   */
  async changes(changes: readonly SchemaChange[]): Promise<void> {
    const host = this.host;
    if (host.isClosed()) return;
    await host.refresh(changes);
    const seen = new Set<string>();
    for (const c of changes) {
      // A TABLE change may concern a materialized view (dropped ones included).
      const isView = c.target === 'TABLE' && c.name !== null && host.metadata.isView(c.keyspace, c.name);
      const e = toSchemaEvent(c, isView);
      if (seen.has(keyOf(e))) continue;
      seen.add(keyOf(e));
      host.onSchemaEvent(c);
      host.publish(e);
    }
  }

  /** The control connection is back: the schema read again in full, each difference published as its DDL's event. */
  async resync(): Promise<void> {
    const host = this.host;
    if (host.isClosed()) return;
    const differences = await host.metadata.resyncSchema(host.runner);
    host.log('info', `schema read again after the control connection returned: ${differences.length} change(s)`);
    this.differences(differences);
    // Keyspaces kept as their replication only: what changed inside them meanwhile is unknown, so
    // statements using them are treated as possibly affected (prepared again on next use).
    for (const keyspace of host.metadata.outlinedKeyspaces()) {
      host.onSchemaEvent({ change: 'UPDATED', target: 'KEYSPACE', keyspace, name: null, argTypes: null });
    }
  }

  /** Differences found by a re-read, published as the events the server would have pushed. */
  differences(differences: readonly SchemaDifference[]): void {
    if (this.host.isClosed()) return;
    for (const d of differences) {
      const e = differenceToEvent(d);
      this.host.onSchemaEvent(e);
      this.host.publish(e);
    }
  }
}
