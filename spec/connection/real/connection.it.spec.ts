/**
 * `openConnection` against a real Cassandra (5.0 by default, any CASSANDRA_VERSION; default 1-node shape, no auth, no TLS):
 * protocol v5 + LZ4, forced v4 (with and without LZ4) and v3, a > 128 KiB result spanning
 * several segments, 256 concurrent requests on one connection (socket writes reported), and
 * SCHEMA_CHANGE events after REGISTER.
 */
import { randomBytes } from 'node:crypto';
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import type { ConnectionOptions } from '../../../lib/connection/connection-options';
import { MAX_SEGMENT_PAYLOAD } from '../../../lib/protocol/segment-format';
import { Opcode } from '../../../lib/protocol/opcodes';
import type { ServerEvent } from '../../../lib/protocol/events';
import { encodeRegister } from '../../../lib/protocol/requests';
import { firstValueFrom } from 'rxjs';
import { Cluster } from '../../../lib';
import { contactPoint, contactPoints, ensurePlainCluster, expectedReleaseVersion } from '../../support/cassandra/ensure-cluster';
import { cql, rowsOf, send } from '../../types/real/cql-client';

jest.setTimeout(120_000);

const KS = 'rx_conn';

describe('openConnection against a real Cassandra', () => {
  const open: Connection[] = [];
  beforeAll(async () => {
    await ensurePlainCluster();
    // The DDL goes through a Cluster, which returns once every node has the table; a raw
    // connection's DDL would race the schema's propagation when the cluster has several nodes.
    const cluster = new Cluster({ contactPoints: contactPoints() });
    try {
      const session = await cluster.connect();
      await firstValueFrom(session.execute(`CREATE KEYSPACE IF NOT EXISTS ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
      await firstValueFrom(session.execute(`CREATE TABLE IF NOT EXISTS ${KS}.big (id int PRIMARY KEY, payload text)`));
    } finally {
      await cluster.shutdown();
    }
  }, 300_000);
  async function connect(extra: Partial<ConnectionOptions> = {}): Promise<Connection> {
    const { host, port } = contactPoint();
    const c = await openConnection({ host, port, heartbeat: { intervalMs: 0 }, ...extra });
    open.push(c);
    return c;
  }
  afterAll(async () => {
    if (open[0]) await cql(open[0], `DROP KEYSPACE IF EXISTS ${KS}`).catch(() => undefined);
    await Promise.all(open.splice(0).map((c) => c.close({ graceful: false })));
  });

  async function releaseVersion(c: Connection): Promise<unknown> {
    return rowsOf(await cql(c, 'SELECT release_version FROM system.local'))[0]?.[0];
  }

  it('negotiates v5 with LZ4 by default, and a query works', async () => {
    const c = await connect();
    expect(c.version).toBe(5);
    expect(c.compression).toBe('lz4');
    expect(await releaseVersion(c)).toMatch(expectedReleaseVersion());
  });

  it.each([
    [4, 'lz4'], [4, 'none'], [3, 'lz4'], [3, 'none'],
  ] as const)('forced v%d with compression %s', async (version, compression) => {
    const c = await connect({ maxProtocolVersion: version, compression });
    expect(c.version).toBe(version);
    expect(c.compression).toBe(compression);
    expect(await releaseVersion(c)).toMatch(expectedReleaseVersion());
  });

  it.each([['lz4'], ['none']] as const)('v5/%s: a result over 128 KiB spans several segments and decodes', async (compression) => {
    const c = await connect({ compression });
    const payloads = Array.from({ length: 150 }, () => randomBytes(1000).toString('hex')); // 2000 chars, incompressible-ish
    await Promise.all(payloads.map((p, id) => cql(c, `INSERT INTO ${KS}.big (id, payload) VALUES (${id}, '${p}')`)));
    const before = c.stats.bytesReceived;
    const rows = rowsOf(await cql(c, `SELECT id, payload FROM ${KS}.big`));
    const received = c.stats.bytesReceived - before;
    expect(rows).toHaveLength(payloads.length);
    for (const [id, payload] of rows) expect(payload).toBe(payloads[id as number]);
    expect(received).toBeGreaterThan(2 * MAX_SEGMENT_PAYLOAD); // 300 KB of rows: at least 3 segments
  });

  it('answers 256 concurrent requests on one connection', async () => {
    const c = await connect();
    const before = { ...c.writeStats };
    const all = Array.from({ length: 256 }, () => cql(c, 'SELECT key, release_version FROM system.local'));
    const results = await Promise.all(all);
    expect(results.map((r) => rowsOf(r)[0]?.[0])).toEqual(Array(256).fill('local'));
    const writes = c.writeStats.writes - before.writes;
    const frames = c.writeStats.frames - before.frames;
    process.stdout.write(`256 concurrent requests: ${frames} frames in ${writes} socket writes (${(writes / 256).toFixed(3)} writes per request, ${c.writeStats.bytes - before.bytes} bytes)\n`);
    expect(frames).toBe(256);
    expect(writes).toBeLessThanOrEqual(8);
  });

  it('delivers a SCHEMA_CHANGE event after REGISTER', async () => {
    const listener = await connect();
    const events: ServerEvent[] = [];
    listener.listener = { onEvent: (e) => events.push(e) };
    const reg = await send(listener, encodeRegister({ version: listener.version, stream: 0 }, ['SCHEMA_CHANGE']));
    expect(reg.message.opcode).toBe(Opcode.Ready);
    const other = await connect({ maxProtocolVersion: 4 });
    const name = `rx_event_${Date.now()}`;
    await cql(other, `CREATE KEYSPACE ${name} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await cql(other, `DROP KEYSPACE ${name}`);
    expect(events).toContainEqual(expect.objectContaining({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'KEYSPACE', keyspace: name }));
  });
});
