/**
 * Captures the unit-test fixtures from a real Cassandra (run with SCHEMA_CAPTURE=1):
 * creates the rich schema in keyspace `fixture_ks`, then writes the rows every system_schema
 * table returns for it, the server's own DESCRIBE output, and some system_virtual_schema rows to
 * `fixtures/cassandra-5.0-rows.json`. Skipped otherwise (the fixtures are committed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import { connectionRunner } from '../../../lib/metadata/schema/connection-runner';
import { contactPoint } from '../../support/cassandra/ensure-cluster';
import { rowsToJson } from './fixture-codec';
import { richSchemaStatements, SCHEMA_TABLES } from './rich-schema';

jest.setTimeout(240_000);
const capture = process.env['SCHEMA_CAPTURE'] === '1' ? describe : describe.skip;

capture('capture system_schema fixtures', () => {
  let connection: Connection;
  beforeAll(async () => {
    const { host, port } = contactPoint();
    connection = await openConnection({ host, port, heartbeat: { intervalMs: 0 } });
  });
  afterAll(async () => { await connection?.close({ graceful: true }); });

  it('writes fixtures/cassandra-5.0-rows.json', async () => {
    const run = connectionRunner(connection);
    const ks = 'fixture_ks';
    await run.query(`DROP KEYSPACE IF EXISTS ${ks}`);
    for (const statement of richSchemaStatements(ks)) await run.query(statement);
    const out: Record<string, unknown> = {
      note: 'Captured from a real Apache Cassandra by spec/metadata/schema/capture-fixtures.it.spec.ts; do not edit by hand.',
      release: rowsToJson(await run.query('SELECT release_version FROM system.local')),
    };
    for (const table of SCHEMA_TABLES) {
      out[table] = rowsToJson(await run.query(`SELECT * FROM system_schema.${table} WHERE keyspace_name = ?`, [ks]));
    }
    out['describe'] = rowsToJson(await run.query(`DESCRIBE KEYSPACE ${ks}`));
    out['system_auth_tables'] = rowsToJson(await run.query(`SELECT * FROM system_schema.tables WHERE keyspace_name = 'system_auth'`));
    out['virtual_keyspaces'] = rowsToJson(await run.query('SELECT * FROM system_virtual_schema.keyspaces'));
    out['virtual_tables'] = rowsToJson(await run.query(`SELECT * FROM system_virtual_schema.tables WHERE keyspace_name = 'system_views'`));
    out['virtual_columns'] = rowsToJson(await run.query(
      `SELECT * FROM system_virtual_schema.columns WHERE keyspace_name = 'system_views' AND table_name IN ('settings', 'clients', 'thread_pools')`,
    ));
    writeFileSync(join(__dirname, 'fixtures', 'cassandra-5.0-rows.json'), `${JSON.stringify(out, null, 1)}\n`);
    await run.query(`DROP KEYSPACE ${ks}`);
  });
});
