/**
 * `SchemaFetcher`: reads `system_schema` (and `system_virtual_schema`) through a `QueryRunner`
 * and turns the rows into snapshots — the whole schema, or the part one SCHEMA_CHANGE names.
 * It owns no connection and no timers; the cluster layer decides when to call it (after schema
 * agreement, debounced).
 */
import { InvalidQueryError } from '../../errors/server-errors';
import type { SchemaChange } from '../../protocol/events';
import { signatureOf } from './functions';
import { buildKeyspace, buildVirtualKeyspace, groupBy, type KeyspaceRows } from './keyspace';
import type { KeyspaceMetadata } from './model';
import type { QueryRunner, SchemaRow } from './query-runner';
import {
  refreshAggregate, refreshFunction, refreshKeyspace, refreshKeyspaceOptions, refreshTable, refreshType, type RelationRows,
} from './refresh';
import { text } from './row-values';
import { SchemaSnapshot } from './snapshot';

const KEYSPACE_TABLES = {
  tables: 'tables', columns: 'columns', droppedColumns: 'dropped_columns', indexes: 'indexes', views: 'views',
  types: 'types', functions: 'functions', aggregates: 'aggregates', triggers: 'triggers', columnMasks: 'column_masks',
} as const;
type KeyspaceTable = keyof typeof KEYSPACE_TABLES;

/** Tables only newer servers have (column_masks: 5.0); elsewhere they read as empty. */
const OPTIONAL_TABLES: ReadonlySet<string> = new Set(['column_masks']);

/** The server's answer to a SELECT from a table it does not have (`unconfigured table ...`). */
function isMissingTable(e: unknown): boolean {
  return e instanceof InvalidQueryError || (e instanceof Error && /unconfigured table|does not exist/i.test(e.message));
}

export class SchemaFetcher {
  constructor(private readonly runner: QueryRunner) {}

  /** The whole schema: every keyspace of `system_schema`, plus the virtual keyspaces. */
  async fetchAll(): Promise<SchemaSnapshot> {
    const keyspaceRows = await this.select('keyspaces');
    const byKeyspace = new Map<KeyspaceTable, Map<string, SchemaRow[]>>();
    for (const key of Object.keys(KEYSPACE_TABLES) as KeyspaceTable[]) {
      byKeyspace.set(key, groupBy(await this.select(KEYSPACE_TABLES[key]), 'keyspace_name'));
    }
    const part = (key: KeyspaceTable, ks: string): SchemaRow[] => byKeyspace.get(key)?.get(ks) ?? [];
    const keyspaces: KeyspaceMetadata[] = keyspaceRows.map((row) => {
      const ks = text(row, 'keyspace_name');
      return buildKeyspace({
        keyspace: row, tables: part('tables', ks), columns: part('columns', ks), droppedColumns: part('droppedColumns', ks),
        indexes: part('indexes', ks), views: part('views', ks), types: part('types', ks), functions: part('functions', ks),
        aggregates: part('aggregates', ks), triggers: part('triggers', ks), columnMasks: part('columnMasks', ks),
      });
    });
    return SchemaSnapshot.of([...keyspaces, ...(await this.fetchVirtual())]);
  }

  /** Every `system_schema.keyspaces` row (names, replication, durable writes): one small read. */
  keyspaceList(): Promise<SchemaRow[]> {
    return this.select('keyspaces');
  }

  /** The `system_schema.keyspaces` row of one keyspace; undefined when it does not exist. */
  async keyspaceRow(keyspace: string): Promise<SchemaRow | undefined> {
    return (await this.select('keyspaces', 'WHERE keyspace_name = ?', [keyspace]))[0];
  }

  /** Every `system_schema` row of one keyspace (`keyspace` undefined when it does not exist). */
  async keyspaceRows(keyspace: string): Promise<KeyspaceRows> {
    const where = 'WHERE keyspace_name = ?';
    const [row] = await this.select('keyspaces', where, [keyspace]);
    const rows: Record<string, SchemaRow[]> = {};
    for (const key of Object.keys(KEYSPACE_TABLES) as KeyspaceTable[]) {
      rows[key] = await this.select(KEYSPACE_TABLES[key], where, [keyspace]);
    }
    const get = (key: KeyspaceTable): SchemaRow[] => rows[key] ?? [];
    return {
      keyspace: row, tables: get('tables'), columns: get('columns'), droppedColumns: get('droppedColumns'),
      indexes: get('indexes'), views: get('views'), types: get('types'), functions: get('functions'),
      aggregates: get('aggregates'), triggers: get('triggers'), columnMasks: get('columnMasks'),
    };
  }

  /** The rows of one table or view. */
  async relationRows(keyspace: string, name: string): Promise<RelationRows> {
    const where = 'WHERE keyspace_name = ? AND table_name = ?';
    const params = [keyspace, name];
    return {
      tables: await this.select('tables', where, params),
      views: await this.select('views', 'WHERE keyspace_name = ? AND view_name = ?', params),
      columns: await this.select('columns', where, params),
      indexes: await this.select('indexes', where, params),
      triggers: await this.select('triggers', where, params),
      droppedColumns: await this.select('dropped_columns', where, params),
      columnMasks: await this.select('column_masks', where, params),
    };
  }

  typeRows(keyspace: string, name: string): Promise<SchemaRow[]> {
    return this.select('types', 'WHERE keyspace_name = ? AND type_name = ?', [keyspace, name]);
  }

  /** Rows of one function overload (all overloads are read, the others filtered out). */
  async functionRows(keyspace: string, name: string, argumentTypes: readonly string[]): Promise<SchemaRow[]> {
    const rows = await this.select('functions', 'WHERE keyspace_name = ? AND function_name = ?', [keyspace, name]);
    return rows.filter((r) => sameSignature(r, name, argumentTypes));
  }

  async aggregateRows(keyspace: string, name: string, argumentTypes: readonly string[]): Promise<SchemaRow[]> {
    const rows = await this.select('aggregates', 'WHERE keyspace_name = ? AND aggregate_name = ?', [keyspace, name]);
    return rows.filter((r) => sameSignature(r, name, argumentTypes));
  }

  /**
   * The snapshot after one SCHEMA_CHANGE (event or RESULT): reads only what changed. A change
   * inside a keyspace the snapshot does not know reads the whole keyspace.
   */
  async refresh(snapshot: SchemaSnapshot, change: SchemaChange): Promise<SchemaSnapshot> {
    const { keyspace, name } = change;
    const dropped = change.change === 'DROPPED';
    if (change.target === 'KEYSPACE') {
      if (dropped) return snapshot.withoutKeyspace(keyspace);
      if (change.change === 'UPDATED' && snapshot.keyspace(keyspace)) {
        const [row] = await this.select('keyspaces', 'WHERE keyspace_name = ?', [keyspace]);
        return refreshKeyspaceOptions(snapshot, keyspace, row);
      }
      return refreshKeyspace(snapshot, keyspace, await this.keyspaceRows(keyspace));
    }
    if (name === null) return snapshot;
    if (!snapshot.keyspace(keyspace)) {
      return dropped ? snapshot : refreshKeyspace(snapshot, keyspace, await this.keyspaceRows(keyspace));
    }
    const args = change.argTypes ?? [];
    switch (change.target) {
      case 'TABLE':
        return refreshTable(snapshot, keyspace, name, dropped ? NO_RELATION : await this.relationRows(keyspace, name));
      case 'TYPE':
        return refreshType(snapshot, keyspace, name, dropped ? [] : await this.typeRows(keyspace, name));
      case 'FUNCTION':
        return refreshFunction(snapshot, keyspace, name, args, dropped ? [] : await this.functionRows(keyspace, name, args));
      case 'AGGREGATE':
        return refreshAggregate(snapshot, keyspace, name, args, dropped ? [] : await this.aggregateRows(keyspace, name, args));
    }
  }

  /**
   * Virtual keyspaces (Cassandra 4.0+), those `wanted` only; none when the server has no
   * `system_virtual_schema`. Their tables and columns are read only when one is wanted.
   */
  async fetchVirtual(wanted: (keyspace: string) => boolean = () => true): Promise<KeyspaceMetadata[]> {
    let keyspaces: SchemaRow[];
    try {
      keyspaces = (await this.runner.query('SELECT * FROM system_virtual_schema.keyspaces')).filter((k) => wanted(text(k, 'keyspace_name')));
    } catch {
      return [];
    }
    if (keyspaces.length === 0) return [];
    const tables = groupBy(await this.runner.query('SELECT * FROM system_virtual_schema.tables'), 'keyspace_name');
    const columns = groupBy(await this.runner.query('SELECT * FROM system_virtual_schema.columns'), 'keyspace_name');
    return keyspaces.map((keyspace) => {
      const ks = text(keyspace, 'keyspace_name');
      return buildVirtualKeyspace({ keyspace, tables: tables.get(ks) ?? [], columns: columns.get(ks) ?? [] });
    });
  }

  /** Rows of `system_schema.<table>`; none when an optional table is missing (an older server). */
  private async select(table: string, where = '', params?: readonly unknown[]): Promise<SchemaRow[]> {
    const cql = `SELECT * FROM system_schema.${table}${where ? ` ${where}` : ''}`;
    if (!OPTIONAL_TABLES.has(table)) return this.runner.query(cql, params);
    try {
      return await this.runner.query(cql, params);
    } catch (e) {
      if (isMissingTable(e)) return [];
      throw e;
    }
  }
}

const NO_RELATION: RelationRows = Object.freeze({
  tables: [], views: [], columns: [], indexes: [], triggers: [], droppedColumns: [], columnMasks: [],
});

function sameSignature(row: SchemaRow, name: string, argumentTypes: readonly string[]): boolean {
  const stored = Array.isArray(row['argument_types']) ? (row['argument_types'] as unknown[]).map(String) : [];
  return signatureOf(name, stored) === signatureOf(name, argumentTypes);
}
