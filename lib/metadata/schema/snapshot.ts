/**
 * `SchemaSnapshot`: the whole schema at one moment, immutable. A refresh never changes a
 * snapshot; it builds a new one that shares every keyspace (and, within a keyspace, every table,
 * view, type and function) it did not touch, so holding on to an old snapshot is always safe.
 */
import { FrozenMap } from './frozen-map';
import { signatureOf } from './functions';
import type {
  AggregateMetadata, FunctionMetadata, IndexMetadata, KeyspaceMetadata, TableMetadata, UserTypeMetadata, ViewMetadata,
} from './model';
import { compareNames } from './row-values';

export class SchemaSnapshot {
  static readonly EMPTY: SchemaSnapshot = new SchemaSnapshot(FrozenMap.empty());

  readonly #keyspaces: FrozenMap<string, KeyspaceMetadata>;
  readonly #list: readonly KeyspaceMetadata[];

  private constructor(keyspaces: FrozenMap<string, KeyspaceMetadata>) {
    this.#keyspaces = keyspaces;
    this.#list = Object.freeze(keyspaces.toArray());
    Object.freeze(this);
  }

  /** A snapshot of these keyspaces (kept in name order). */
  static of(keyspaces: Iterable<KeyspaceMetadata>): SchemaSnapshot {
    const sorted = [...keyspaces].sort((a, b) => compareNames(a.name, b.name));
    return new SchemaSnapshot(FrozenMap.by(sorted, (k) => k.name));
  }

  /** Every keyspace, virtual ones included, in name order. */
  keyspaces(): readonly KeyspaceMetadata[] {
    return this.#list;
  }

  keyspace(name: string): KeyspaceMetadata | undefined {
    return this.#keyspaces.get(name);
  }

  table(keyspace: string, name: string): TableMetadata | undefined {
    return this.#keyspaces.get(keyspace)?.tables.get(name);
  }

  view(keyspace: string, name: string): ViewMetadata | undefined {
    return this.#keyspaces.get(keyspace)?.views.get(name);
  }

  /** Views whose base table is `keyspace.table`, in name order. */
  viewsOf(keyspace: string, table: string): ViewMetadata[] {
    return [...(this.#keyspaces.get(keyspace)?.views.values() ?? [])].filter((v) => v.baseTable === table);
  }

  /** A secondary index by name (index names are unique within a keyspace). */
  index(keyspace: string, name: string): IndexMetadata | undefined {
    for (const t of this.#keyspaces.get(keyspace)?.tables.values() ?? []) {
      const index = t.indexes.get(name);
      if (index) return index;
    }
    return undefined;
  }

  userType(keyspace: string, name: string): UserTypeMetadata | undefined {
    return this.#keyspaces.get(keyspace)?.userTypes.get(name);
  }

  /** A function by name and argument types as CQL (`['int', 'frozen<tuple<int, bigint>>']`). */
  function(keyspace: string, name: string, argumentTypes: readonly string[]): FunctionMetadata | undefined {
    return this.#keyspaces.get(keyspace)?.functions.get(signatureOf(name, argumentTypes));
  }

  /** Every overload of a function name. */
  functionsNamed(keyspace: string, name: string): FunctionMetadata[] {
    return [...(this.#keyspaces.get(keyspace)?.functions.values() ?? [])].filter((f) => f.name === name);
  }

  aggregate(keyspace: string, name: string, argumentTypes: readonly string[]): AggregateMetadata | undefined {
    return this.#keyspaces.get(keyspace)?.aggregates.get(signatureOf(name, argumentTypes));
  }

  /** A new snapshot with `keyspace` added or replaced; every other keyspace is shared. */
  withKeyspace(keyspace: KeyspaceMetadata): SchemaSnapshot {
    if (this.#keyspaces.get(keyspace.name) === keyspace) return this;
    if (this.#keyspaces.has(keyspace.name)) return new SchemaSnapshot(this.#keyspaces.with(keyspace.name, keyspace));
    return SchemaSnapshot.of([...this.#list, keyspace]);
  }

  /** A new snapshot without the keyspace (this one when it is absent). */
  withoutKeyspace(name: string): SchemaSnapshot {
    return this.#keyspaces.has(name) ? new SchemaSnapshot(this.#keyspaces.without(name)) : this;
  }
}
