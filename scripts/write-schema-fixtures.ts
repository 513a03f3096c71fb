/**
 * Captures the schema unit-test fixtures from a real Apache Cassandra:
 *
 *   npm run fixtures:write                      → spec/metadata/schema/fixtures/cassandra-5.0-rows.json
 *   npm run fixtures:write -- --out /tmp/x.json   somewhere else (e.g. to diff against the committed file)
 *
 * Creates the rich schema (spec/metadata/schema/rich-schema.ts) in keyspace `fixture_ks`, then writes
 * the rows every system_schema table returns for it, the server's own DESCRIBE output and some
 * system_virtual_schema rows, and drops the keyspace again. The unit specs only read the file.
 *
 * Which Cassandra: the one in CASSANDRA_CONTACT_POINTS, else one started by `npm run cassandra -- start`,
 * else a one-node cluster booted (and stopped afterwards) exactly as the integration project does.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openConnection } from '../lib/connection/connect';
import { connectionRunner } from '../lib/metadata/schema/connection-runner';
import type { QueryRunner } from '../lib/metadata/schema/query-runner';
import { contactPoint } from '../spec/support/cassandra/ensure-cluster';
import globalSetup from '../spec/support/cassandra-global-setup';
import globalTeardown from '../spec/support/cassandra-global-teardown';
import { rowsToJson } from '../spec/metadata/schema/fixture-codec';
import { richSchemaStatements, SCHEMA_TABLES } from '../spec/metadata/schema/rich-schema';

const DEFAULT_OUT = join(__dirname, '..', 'spec', 'metadata', 'schema', 'fixtures', 'cassandra-5.0-rows.json');
const KEYSPACE = 'fixture_ks';

function outPath(args: readonly string[]): string {
  const i = args.indexOf('--out');
  if (i < 0) return DEFAULT_OUT;
  const value = args[i + 1];
  if (value === undefined) throw new Error('--out needs a path');
  return resolve(value);
}

/** Every captured query, by the key the unit specs read it under (spec/metadata/schema/fixtures.ts). */
async function capture(run: QueryRunner): Promise<Record<string, unknown>> {
  await run.query(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
  for (const statement of richSchemaStatements(KEYSPACE)) await run.query(statement);
  const out: Record<string, unknown> = {
    note: 'Captured from a real Apache Cassandra by scripts/write-schema-fixtures.ts (npm run fixtures:write); do not edit by hand.',
    release: rowsToJson(await run.query('SELECT release_version FROM system.local')),
  };
  for (const table of SCHEMA_TABLES) {
    out[table] = rowsToJson(await run.query(`SELECT * FROM system_schema.${table} WHERE keyspace_name = ?`, [KEYSPACE]));
  }
  out['describe'] = rowsToJson(await run.query(`DESCRIBE KEYSPACE ${KEYSPACE}`));
  out['system_auth_tables'] = rowsToJson(await run.query(`SELECT * FROM system_schema.tables WHERE keyspace_name = 'system_auth'`));
  out['virtual_keyspaces'] = rowsToJson(await run.query('SELECT * FROM system_virtual_schema.keyspaces'));
  out['virtual_tables'] = rowsToJson(await run.query(`SELECT * FROM system_virtual_schema.tables WHERE keyspace_name = 'system_views'`));
  out['virtual_columns'] = rowsToJson(await run.query(
    `SELECT * FROM system_virtual_schema.columns WHERE keyspace_name = 'system_views' AND table_name IN ('settings', 'clients', 'thread_pools')`,
  ));
  await run.query(`DROP KEYSPACE ${KEYSPACE}`);
  return out;
}

async function main(): Promise<void> {
  const target = outPath(process.argv.slice(2));
  await globalSetup();
  try {
    const { host, port } = contactPoint();
    const connection = await openConnection({ host, port, heartbeat: { intervalMs: 0 } });
    try {
      const out = await capture(connectionRunner(connection));
      writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
      process.stdout.write(`wrote ${target} (${host}:${port})\n`);
    } finally {
      await connection.close({ graceful: true });
    }
  } finally {
    await globalTeardown();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
