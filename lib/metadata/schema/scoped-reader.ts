/**
 * The schema as the cluster keeps it within a scope (the `metadata` cluster options): the full
 * model of the keyspaces the scope covers, and, for every other keyspace while a token map needs
 * it, an **outline** — its `system_schema.keyspaces` row (replication, durable writes) with nothing
 * inside. Routing needs no more than that: the routing key comes from the prepared statement's
 * partition-key indexes, the token from the partitioner, the replicas from the token map and the
 * keyspace's replication.
 */
import type { SchemaChange } from '../../protocol/events';
import { SchemaFetcher } from './fetcher';
import { buildKeyspace } from './keyspace';
import type { KeyspaceMetadata } from './model';
import type { QueryRunner, SchemaRow } from './query-runner';
import { refreshKeyspace } from './refresh';
import { text } from './row-values';
import { SchemaSnapshot } from './snapshot';

/** What is read and kept (resolved `metadata` options). */
export interface MetadataScope {
  /** Full schema of the keyspaces covered (false: none at all). */
  readonly schema: boolean;
  /** The keyspaces whose full schema is kept; null: every keyspace. */
  readonly keyspaces: ReadonlySet<string> | null;
  /** A token map is built; then every keyspace's replication is kept (outlines for those not covered). */
  readonly tokenMap: boolean;
}

/** Everything: the default. */
export const FULL_SCOPE: MetadataScope = Object.freeze({ schema: true, keyspaces: null, tokenMap: true });

/** The kept schema: full keyspaces, and outlines of the others (disjoint names). */
export interface ScopedSchema {
  readonly full: SchemaSnapshot;
  readonly outline: SchemaSnapshot;
}

export const EMPTY_SCOPED: ScopedSchema = Object.freeze({ full: SchemaSnapshot.EMPTY, outline: SchemaSnapshot.EMPTY });

/** Whether the full schema of `keyspace` is kept. */
export function covers(scope: MetadataScope, keyspace: string): boolean {
  return scope.schema && (scope.keyspaces === null || scope.keyspaces.has(keyspace));
}

/** A keyspace's own options and nothing inside (what routing needs of a keyspace outside the scope). */
function outlineOf(row: SchemaRow): KeyspaceMetadata {
  return buildKeyspace({
    keyspace: row, tables: [], columns: [], droppedColumns: [], indexes: [], views: [], types: [], functions: [],
    aggregates: [], triggers: [], columnMasks: [],
  });
}

export class ScopedSchemaReader {
  private readonly fetcher: SchemaFetcher;

  constructor(runner: QueryRunner, private readonly scope: MetadataScope) {
    this.fetcher = new SchemaFetcher(runner);
  }

  /**
   * Everything the scope keeps, read now. The full scope reads as `SchemaFetcher.fetchAll`; an
   * allow-list reads the keyspace rows once, then each listed keyspace's rows; schema and token map
   * both off read nothing.
   */
  async readAll(): Promise<ScopedSchema> {
    const scope = this.scope;
    if (scope.schema && scope.keyspaces === null) return { full: await this.fetcher.fetchAll(), outline: SchemaSnapshot.EMPTY };
    if (!scope.schema && !scope.tokenMap) return EMPTY_SCOPED;
    const full: KeyspaceMetadata[] = [];
    const outline: KeyspaceMetadata[] = [];
    for (const row of await this.fetcher.keyspaceList()) {
      const name = text(row, 'keyspace_name');
      if (covers(scope, name)) {
        const rows = await this.fetcher.keyspaceRows(name);
        if (rows.keyspace) full.push(buildKeyspace({ ...rows, keyspace: rows.keyspace }));
      } else if (scope.tokenMap) {
        outline.push(outlineOf(row));
      }
    }
    if (scope.schema) full.push(...(await this.fetcher.fetchVirtual((name) => covers(scope, name))));
    return { full: SchemaSnapshot.of(full), outline: SchemaSnapshot.of(outline) };
  }

  /**
   * After one SCHEMA_CHANGE: a covered keyspace is refreshed as `SchemaFetcher.refresh` does; for
   * another, only a KEYSPACE change matters (its replication), and only while a token map is kept.
   * Anything else reads nothing.
   */
  async apply(kept: ScopedSchema, change: SchemaChange): Promise<ScopedSchema> {
    if (covers(this.scope, change.keyspace)) return { ...kept, full: await this.fetcher.refresh(kept.full, change) };
    if (!this.scope.tokenMap || change.target !== 'KEYSPACE') return kept;
    if (change.change === 'DROPPED') return { ...kept, outline: kept.outline.withoutKeyspace(change.keyspace) };
    return this.readOutline(kept, change.keyspace);
  }

  /** One keyspace read again, as far as the scope keeps it (nothing when it keeps nothing of it). */
  async readKeyspace(kept: ScopedSchema, keyspace: string): Promise<ScopedSchema> {
    if (covers(this.scope, keyspace)) return { ...kept, full: refreshKeyspace(kept.full, keyspace, await this.fetcher.keyspaceRows(keyspace)) };
    return this.scope.tokenMap ? this.readOutline(kept, keyspace) : kept;
  }

  private async readOutline(kept: ScopedSchema, keyspace: string): Promise<ScopedSchema> {
    const row = await this.fetcher.keyspaceRow(keyspace);
    return { ...kept, outline: row ? kept.outline.withKeyspace(outlineOf(row)) : kept.outline.withoutKeyspace(keyspace) };
  }
}

/** Both parts as one snapshot (names are disjoint): what diffs compare. */
export function combined(kept: ScopedSchema): SchemaSnapshot {
  if (kept.outline.keyspaces().length === 0) return kept.full;
  if (kept.full.keyspaces().length === 0) return kept.outline;
  return SchemaSnapshot.of([...kept.full.keyspaces(), ...kept.outline.keyspaces()]);
}
