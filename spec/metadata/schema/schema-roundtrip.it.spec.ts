/**
 * Round trip on a real Cassandra 5.0: create the rich schema, read it through SchemaFetcher,
 * export it, compare with the server's own DESCRIBE, DROP the keyspace, re-create it from the
 * export, read and export again: the two exports and the two models must be identical. Then
 * incremental refreshes (ALTER TABLE, ALTER TYPE, CREATE/DROP FUNCTION, DROP TABLE) against
 * the server, checking what changed and what is shared. Column masks (5.0 dynamic data masking,
 * enabled in the harness's cassandra.yaml) take part in all of it.
 */
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import { connectionRunner } from '../../../lib/metadata/schema/connection-runner';
import { exportAsCql, keyspaceStatements } from '../../../lib/metadata/schema/export';
import { SchemaFetcher } from '../../../lib/metadata/schema/fetcher';
import type { QueryRunner } from '../../../lib/metadata/schema/query-runner';
import type { SchemaSnapshot } from '../../../lib/metadata/schema/snapshot';
import type { SchemaChange } from '../../../lib/protocol/events';
import { canManageCluster, contactPoint, ensureCluster, parseHostPort } from '../../support/cassandra/ensure-cluster';
import { keyspaceShape } from './model-shape';
import { richSchemaStatements } from './rich-schema';

jest.setTimeout(240_000);

const ks = `schema_rt_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
const change = (c: string, target: SchemaChange['target'], name: string | null = null, argTypes: string[] | null = null): SchemaChange =>
  ({ change: c, target, keyspace: ks, name, argTypes });

describe('schema round trip on Cassandra 5.0', () => {
  let connection: Connection;
  let run: QueryRunner;
  let fetcher: SchemaFetcher;
  let first: SchemaSnapshot;
  let exported: string;

  beforeAll(async () => {
    const target = canManageCluster() ? parseHostPort((await ensureCluster({ nodes: 1 })).contactPoints[0] ?? '') : contactPoint();
    connection = await openConnection({ host: target.host, port: target.port, heartbeat: { intervalMs: 0 } });
    run = connectionRunner(connection, { timeoutMs: 60_000 });
    fetcher = new SchemaFetcher(run);
    for (const statement of richSchemaStatements(ks)) await run.query(statement);
  });

  afterAll(async () => {
    if (run) await run.query(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
    await connection?.close({ graceful: true });
  });

  it('reads the whole schema, virtual keyspaces included', async () => {
    const [local] = await run.query('SELECT release_version FROM system.local');
    expect(String(local?.['release_version'])).toMatch(/^5\.0\./);
    first = await fetcher.fetchAll();
    const model = first.keyspace(ks);
    expect(model).toBeDefined();
    expect(model?.replication).toEqual({ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '1' });
    expect([...(model?.tables.keys() ?? [])]).toEqual(['counters', 'everything', 'masked', 'users']);
    expect([...(model?.userTypes.keys() ?? [])]).toEqual(['geo', 'address', 'Person']);
    expect(first.table(ks, 'counters')?.isCounter).toBe(true);
    expect(first.keyspace('system_views')?.virtual).toBe(true);
    expect(first.table('system_views', 'settings')?.virtual).toBe(true);
    expect(first.keyspace('system')?.tables.get('local')?.partitionKey.map((c) => c.name)).toEqual(['key']);
  });

  it('exports the keyspace exactly as the server DESCRIBEs it', async () => {
    exported = exportAsCql(first, ks);
    const server = (await run.query(`DESCRIBE KEYSPACE ${ks}`)).map((r) => String(r['create_statement']));
    expect(keyspaceStatements(first.keyspace(ks)!)).toEqual(server);
    expect(exported).toBe(`${server.join('\n\n')}\n`);
  });

  it('reads column masks, on the views too, and exports the masked table as DESCRIBE TABLE prints it', async () => {
    const masked = first.table(ks, 'masked')!;
    const mask = (name: string): unknown => masked.columns.get(name)?.mask;
    expect(mask('name')).toEqual({ keyspace: 'system', name: 'mask_inner', argumentTypes: ['int', 'int'], argumentValues: ['1', null] });
    expect(mask('email')).toEqual({ keyspace: 'system', name: 'mask_outer', argumentTypes: ['int', 'int', 'text'], argumentValues: ['2', '3', '#'] });
    expect(mask('note')).toEqual({ keyspace: 'system', name: 'mask_replace', argumentTypes: ['text'], argumentValues: ['a "secret", $$ (x)'] });
    expect(mask('seq')).toEqual({ keyspace: 'system', name: 'mask_default', argumentTypes: [], argumentValues: [] });
    expect(mask('digest')).toEqual({ keyspace: 'system', name: 'mask_hash', argumentTypes: ['text'], argumentValues: ['SHA-256'] });
    expect(mask('nulls')).toMatchObject({ argumentValues: [null, null, null] });
    expect(mask('seen')).toMatchObject({ argumentValues: ['2020-01-02T03:04:05.000Z'] });
    expect(mask('Nick')).toEqual({ keyspace: ks, name: 'redact', argumentTypes: ['int'], argumentValues: ['2'] });
    expect(mask('plain')).toBeNull();
    expect(mask('id')).toBeNull();
    expect(first.view(ks, 'masked_by_name')?.columns.get('name')?.mask).toEqual(mask('name'));
    const server = (await run.query(`DESCRIBE TABLE ${ks}.masked`)).map((r) => String(r['create_statement']));
    expect(server[0]).toContain(`note text MASKED WITH system.mask_replace('a "secret", $$ (x)'),`);
    expect(exportAsCql(first, ks, 'masked')).toBe(`${server.join('\n\n')}\n`);
  });

  it.each(['system_auth', 'system_distributed', 'system_traces', 'system_views'])('exports %s as the server DESCRIBEs it', async (name) => {
    const server = (await run.query(`DESCRIBE KEYSPACE ${name}`)).map((r) => String(r['create_statement']));
    expect(keyspaceStatements(first.keyspace(name)!)).toEqual(server);
  });

  it('re-creates the keyspace from its export; the second export and model are identical', async () => {
    const statements = keyspaceStatements(first.keyspace(ks)!);
    await run.query(`DROP KEYSPACE ${ks}`);
    const dropped = await fetcher.refresh(first, change('DROPPED', 'KEYSPACE'));
    expect(dropped.keyspace(ks)).toBeUndefined();
    for (const statement of statements) await run.query(statement);
    const again = await fetcher.refresh(dropped, change('CREATED', 'KEYSPACE'));
    expect(exportAsCql(again, ks)).toBe(exported);
    expect(keyspaceShape(again.keyspace(ks)!)).toEqual(keyspaceShape(first.keyspace(ks)!));
    expect(again.keyspace('system')).toBe(first.keyspace('system')); // untouched keyspaces are shared
    first = again;
  });

  it('refreshes one table after ALTER TABLE, sharing the rest of the keyspace', async () => {
    await run.query(`ALTER TABLE ${ks}.users ADD nick text`);
    const next = await fetcher.refresh(first, change('UPDATED', 'TABLE', 'users'));
    expect(next.table(ks, 'users')?.columns.get('nick')?.cqlType).toBe('text');
    expect(next.table(ks, 'everything')).toBe(first.table(ks, 'everything'));
    expect(next.userType(ks, 'geo')).toBe(first.userType(ks, 'geo'));
    first = next;
  });

  it('refreshes a table after ALTER ... MASKED WITH and DROP MASKED', async () => {
    await run.query(`ALTER TABLE ${ks}.masked ALTER plain MASKED WITH mask_replace('p-q')`);
    await run.query(`ALTER TABLE ${ks}.masked ALTER code DROP MASKED`);
    const next = await fetcher.refresh(first, change('UPDATED', 'TABLE', 'masked'));
    const masked = next.table(ks, 'masked');
    expect(masked?.columns.get('plain')?.mask).toEqual({ keyspace: 'system', name: 'mask_replace', argumentTypes: ['text'], argumentValues: ['p-q'] });
    expect(masked?.columns.get('code')?.mask).toBeNull();
    expect(next.table(ks, 'users')).toBe(first.table(ks, 'users'));
    const server = (await run.query(`DESCRIBE TABLE ${ks}.masked`)).map((r) => String(r['create_statement']));
    expect(exportAsCql(next, ks, 'masked')).toBe(`${server.join('\n\n')}\n`);
    first = next;
  });

  it('refreshes a user type and the columns, types and functions that use it', async () => {
    await run.query(`ALTER TYPE ${ks}.geo ADD alt double`);
    const next = await fetcher.refresh(first, change('UPDATED', 'TYPE', 'geo'));
    expect(next.userType(ks, 'geo')?.fields.map((f) => f.name)).toEqual(['lat', 'lon', 'alt']);
    const here = next.table(ks, 'everything')?.columns.get('here')?.type;
    expect(here?.kind === 'udt' ? here.fields.map((f) => f.name) : []).toEqual(['lat', 'lon', 'alt']);
    const location = next.userType(ks, 'address')?.type.fields.find((f) => f.name === 'location')?.type;
    expect(location?.kind === 'udt' ? location.fields.length : 0).toBe(3);
    expect(next.table(ks, 'counters')).toBe(first.table(ks, 'counters'));
    expect(next.function(ks, 'plus', ['int', 'int'])).toBe(first.function(ks, 'plus', ['int', 'int']));
    expect(next.function(ks, 'city_of', ['address'])).not.toBe(first.function(ks, 'city_of', ['address']));
    first = next;
  });

  it('follows function, view and table creation and drops', async () => {
    await run.query(`CREATE FUNCTION ${ks}.twice(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return x * 2;'`);
    let next = await fetcher.refresh(first, change('CREATED', 'FUNCTION', 'twice', ['int']));
    expect(next.function(ks, 'twice', ['int'])?.body).toBe('return x * 2;');
    await run.query(`DROP MATERIALIZED VIEW ${ks}.users_by_email`);
    next = await fetcher.refresh(next, change('DROPPED', 'TABLE', 'users_by_email'));
    expect(next.view(ks, 'users_by_email')).toBeUndefined();
    expect(next.view(ks, 'users_by_country')).toBe(first.view(ks, 'users_by_country'));
    await run.query(`DROP TABLE ${ks}.counters`);
    next = await fetcher.refresh(next, change('DROPPED', 'TABLE', 'counters'));
    expect(next.table(ks, 'counters')).toBeUndefined();
    expect(exportAsCql(next, ks)).toBe(`${(await run.query(`DESCRIBE KEYSPACE ${ks}`)).map((r) => String(r['create_statement'])).join('\n\n')}\n`);
  });
});
