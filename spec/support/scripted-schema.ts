/**
 * A schema served by every node of a scripted cluster from `system_schema.keyspaces`, `tables`
 * and `columns` (the other system_schema tables answer empty), honouring the `WHERE keyspace_name
 * = ? [AND table_name = ?]` of incremental refreshes. Tests change it at any time; nothing is
 * pushed unless the test pushes a SCHEMA_CHANGE itself — as when DDL ran while the client was away.
 */
import type { ColumnKind } from '../../lib/metadata/schema/model';
import type { DataType } from '../../lib/types/data-type';
import type { ScriptedCluster } from './scripted-server';
import { uuidFrom } from './scripted-server/topology';
import type { ColumnDef, ReceivedRequest, RowsSpec } from './scripted-server/wire';

/** `[name, CQL type, kind]`; partition key and clustering columns take their position in the list order. */
export type ScriptedColumn = readonly [name: string, type: string, kind: ColumnKind];

export interface ScriptedKeyspace {
  replication: Record<string, string>;
  /** Table name → columns. */
  tables: Map<string, readonly ScriptedColumn[]>;
}

const text: DataType = { kind: 'text' };
const col = (name: string, type: DataType = text): ColumnDef => ({ name, type });

const KEYSPACE_COLUMNS = [col('keyspace_name'), col('durable_writes', { kind: 'boolean' }), col('replication', { kind: 'map', key: text, value: text, frozen: true })];
const TABLE_COLUMNS = [col('keyspace_name'), col('table_name'), col('id'), col('comment')];
const COLUMN_COLUMNS = [col('keyspace_name'), col('table_name'), col('column_name'), col('clustering_order'), col('kind'), col('position', { kind: 'int' }), col('type')];

export class ScriptedSchema {
  readonly keyspaces = new Map<string, ScriptedKeyspace>();

  keyspace(name: string, replication: Record<string, string> = { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' }): ScriptedKeyspace {
    const ks: ScriptedKeyspace = { replication, tables: new Map() };
    this.keyspaces.set(name, ks);
    return ks;
  }

  table(keyspace: string, name: string, columns: readonly ScriptedColumn[]): void {
    const ks = this.keyspaces.get(keyspace) ?? this.keyspace(keyspace);
    ks.tables.set(name, columns);
  }

  /** Serves this schema from every node (newest rules win: call after other system_schema rules). */
  install(sim: ScriptedCluster): void {
    for (const node of sim.nodes) {
      node.when({ when: /FROM\s+system_schema\.(keyspaces|tables|columns)\b/, then: { rows: (req) => this.rows(req) } });
    }
  }

  /** The rows this schema answers a system_schema query with (as `install` serves them). */
  rows(req: ReceivedRequest): RowsSpec {
    const q = req.query ?? '';
    const params = (req.values ?? []).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : null));
    const wantKs = /keyspace_name = \?/.test(q) ? params[0] : undefined;
    const wantTable = /table_name = \?/.test(q) ? params[1] : undefined;
    const keyspaces = [...this.keyspaces].filter(([name]) => wantKs === undefined || name === wantKs);
    const tables = keyspaces.flatMap(([ks, k]) => [...k.tables].filter(([t]) => wantTable === undefined || t === wantTable)
      .map(([t, columns]) => ({ ks, t, columns })));
    if (/system_schema\.keyspaces\b/.test(q)) {
      return { keyspace: 'system_schema', table: 'keyspaces', columns: KEYSPACE_COLUMNS,
        rows: keyspaces.map(([name, k]) => [name, true, new Map(Object.entries(k.replication))]) };
    }
    if (/system_schema\.tables\b/.test(q)) {
      return { keyspace: 'system_schema', table: 'tables', columns: TABLE_COLUMNS,
        rows: tables.map(({ ks, t }) => [ks, t, uuidFrom(`${ks}.${t}`), '']) };
    }
    return { keyspace: 'system_schema', table: 'columns', columns: COLUMN_COLUMNS, rows: tables.flatMap(({ ks, t, columns }) => {
      const position = (kind: ColumnKind, i: number): number => (kind === 'regular' || kind === 'static' ? -1 : columns.slice(0, i).filter((c) => c[2] === kind).length);
      return columns.map(([name, type, kind], i) => [ks, t, name, kind === 'clustering' ? 'asc' : 'none', kind, position(kind, i), type]);
    }) };
  }
}
