/**
 * The rows a real Cassandra 5.0.6 returned for the rich schema (captured by
 * scripts/write-schema-fixtures.ts, `npm run fixtures:write`), as `KeyspaceRows`, plus a fake `QueryRunner` serving them.
 */
import type { KeyspaceRows, VirtualKeyspaceRows } from '../../../lib/metadata/schema/keyspace';
import type { QueryRunner, SchemaRow } from '../../../lib/metadata/schema/query-runner';
import captured from './fixtures/cassandra-5.0-rows.json';
import { rowsFromJson } from './fixture-codec';

export const FIXTURE_KS = 'fixture_ks';
const raw = captured as unknown as Record<string, unknown>;

/** Rows of one captured query (fresh copies each call). */
export function captured_(name: string): SchemaRow[] {
  return rowsFromJson(raw[name]);
}

export function fixtureKeyspaceRows(): KeyspaceRows & { readonly keyspace: SchemaRow } {
  const [keyspace] = captured_('keyspaces');
  if (!keyspace) throw new Error('fixture without keyspace row');
  return {
    keyspace, tables: captured_('tables'), columns: captured_('columns'), droppedColumns: captured_('dropped_columns'),
    indexes: captured_('indexes'), views: captured_('views'), types: captured_('types'), functions: captured_('functions'),
    aggregates: captured_('aggregates'), triggers: captured_('triggers'), columnMasks: captured_('column_masks'),
  };
}

export function fixtureVirtualRows(): VirtualKeyspaceRows {
  const [keyspace] = captured_('virtual_keyspaces');
  if (!keyspace) throw new Error('fixture without virtual keyspace row');
  return { keyspace, tables: captured_('virtual_tables'), columns: captured_('virtual_columns') };
}

/** The server's own DESCRIBE KEYSPACE output: [type, name, create_statement]. */
export function fixtureDescribe(): Array<{ type: string; name: string; statement: string }> {
  return captured_('describe').map((r) => ({ type: String(r['type']), name: String(r['name']), statement: String(r['create_statement']) }));
}

/**
 * A QueryRunner over in-memory tables: `SELECT * FROM <ks>.<table> [WHERE a = ? AND b = ?]`
 * filters by the bound params. Records every query it ran.
 */
export class FakeRunner implements QueryRunner {
  readonly queries: string[] = [];
  constructor(private readonly tables: Map<string, readonly SchemaRow[]>) {}

  static fromFixtures(): FakeRunner {
    const k = fixtureKeyspaceRows();
    const v = fixtureVirtualRows();
    return new FakeRunner(new Map<string, readonly SchemaRow[]>([
      ['system_schema.keyspaces', [k.keyspace]], ['system_schema.tables', k.tables], ['system_schema.columns', k.columns],
      ['system_schema.dropped_columns', k.droppedColumns], ['system_schema.indexes', k.indexes], ['system_schema.views', k.views],
      ['system_schema.types', k.types], ['system_schema.functions', k.functions], ['system_schema.aggregates', k.aggregates],
      ['system_schema.triggers', k.triggers], ['system_schema.column_masks', k.columnMasks ?? []],
      ['system_virtual_schema.keyspaces', [v.keyspace]],
      ['system_virtual_schema.tables', v.tables], ['system_virtual_schema.columns', v.columns],
    ]));
  }

  set(table: string, rows: SchemaRow[]): void { this.tables.set(table, rows); }

  async query(cql: string, params: readonly unknown[] = []): Promise<SchemaRow[]> {
    this.queries.push(cql);
    const m = /^SELECT \* FROM (\S+)(?: WHERE (.*))?$/.exec(cql);
    if (!m?.[1]) throw new Error(`FakeRunner cannot run: ${cql}`);
    const columns = [...(m[2] ?? '').matchAll(/(\w+) = \?/g)].map((x) => x[1] ?? '');
    const rows = this.tables.get(m[1]) ?? [];
    return rows.filter((r) => columns.every((c, i) => String(r[c]) === String(params[i])));
  }
}
