import * as net from 'node:net';
import { PlainTextAuthProvider } from '../../lib/connection/auth';
import { openConnection } from '../../lib/connection/connect';
import type { Connection } from '../../lib/connection/connection';
import { AuthenticationFailedError, ConnectionClosedError, HandshakeError, ProtocolVersionRefusedError } from '../../lib/errors/connection-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import { encodeQuery, encodeRegister } from '../../lib/protocol/requests';
import type { ServerEvent } from '../../lib/protocol/events';
import { FaultProxy } from '../support/fault-proxy/fault-proxy';
import { ScriptedCluster } from '../support/scripted-server';
import { waitFor } from '../support/wait-for';
import { query, queryOk, rowsOf, RecordingHandler } from './helpers';

describe('Connection handshake (scripted server)', () => {
  const open: Connection[] = [];
  const clusters: ScriptedCluster[] = [];
  async function cluster(node: Parameters<typeof ScriptedCluster.start>[1] = {}): Promise<ScriptedCluster> {
    const c = await ScriptedCluster.start({}, node);
    clusters.push(c);
    return c;
  }
  async function connect(c: ScriptedCluster, extra: Partial<Parameters<typeof openConnection>[0]> = {}): Promise<Connection> {
    const conn = await openConnection({ host: c.first.address, port: c.port, heartbeat: { intervalMs: 0 }, ...extra });
    open.push(conn);
    return conn;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close({ graceful: false })));
    await Promise.all(clusters.splice(0).map((c) => c.stop()));
  });

  it('negotiates v5 with LZ4 segments and reads system.local', async () => {
    const c = await cluster();
    const conn = await connect(c);
    expect(conn.version).toBe(5);
    expect(conn.compression).toBe('lz4');
    const rows = rowsOf(await queryOk(conn, 'SELECT * FROM system.local'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[5]).toBe('dc1');
    const startup = c.first.received.find((r) => r.opcode === Opcode.Startup);
    expect(startup?.startup?.get('COMPRESSION')).toBe('lz4');
    expect(startup?.startup?.get('DRIVER_NAME')).toBe('cassandra-rx');
  });

  it('speaks v4 with LZ4 bodies when v4 is the maximum', async () => {
    const c = await cluster();
    const conn = await connect(c, { maxProtocolVersion: 4 });
    expect(conn.version).toBe(4);
    expect(conn.compression).toBe('lz4');
    expect(rowsOf(await queryOk(conn, 'SELECT * FROM system.peers'))).toHaveLength(0);
  });

  it('works uncompressed when asked', async () => {
    const c = await cluster();
    const conn = await connect(c, { compression: 'none' });
    expect(conn.compression).toBe('none');
    expect(c.first.received.find((r) => r.opcode === Opcode.Startup)?.startup?.has('COMPRESSION')).toBe(false);
    expect(rowsOf(await queryOk(conn, 'SELECT * FROM system.local'))).toHaveLength(1);
  });

  it('counts bytesSent as written to the socket: after LZ4 (v5 segments, v4 bodies), with v5 framing overhead when uncompressed', async () => {
    const c = await cluster();
    const cql = `SELECT * FROM system.local WHERE key = '${'local '.repeat(4000)}'`;
    const sentFor = async (extra: Partial<Parameters<typeof openConnection>[0]>): Promise<{ delta: number; plain: number }> => {
      const conn = await connect(c, extra);
      const before = conn.stats.bytesSent;
      const plain = encodeQuery({ version: conn.version, stream: 0 }, cql, { consistency: 1 }).length;
      const { handler } = query(conn, cql);
      await handler.done();
      return { delta: conn.stats.bytesSent - before, plain };
    };
    const v5lz4 = await sentFor({});
    const v4lz4 = await sentFor({ maxProtocolVersion: 4 });
    const v5none = await sentFor({ compression: 'none' });
    const v4none = await sentFor({ compression: 'none', maxProtocolVersion: 4 });
    expect(v5lz4.delta).toBeLessThan(v5lz4.plain / 10);
    expect(v4lz4.delta).toBeLessThan(v4lz4.plain / 10);
    expect(v5none.delta).toBe(v5none.plain + 6 + 4); // one self-contained segment: 6-byte header, 4-byte CRC32 trailer
    expect(v4none.delta).toBe(v4none.plain);
  });

  it('steps down to the highest version the server speaks', async () => {
    const v4 = await cluster({ versions: [3, 4] });
    expect((await connect(v4)).version).toBe(4);
    const v3 = await cluster({ versions: [3] });
    const conn = await connect(v3);
    expect(conn.version).toBe(3);
    expect(rowsOf(await queryOk(conn, 'SELECT * FROM system.local'))).toHaveLength(1);
  });

  it('a handshake answer cut by the network steps down by default; with stepDownVersion false it is a connection failure', async () => {
    const c = await cluster();
    const proxy = await FaultProxy.start({ target: { host: c.first.address, port: c.port } });
    try {
      const via = { host: '127.0.0.1', port: proxy.port };
      // The SUPPORTED answer is cut after 3 bytes and the connection reset: read as "v5 refused".
      void proxy.cutMidFrame('toClient', 3);
      const stepped = await connect(c, via);
      expect(stepped.version).toBe(4);
      void proxy.cutMidFrame('toClient', 3);
      const fixed = await connect(c, { ...via, stepDownVersion: false }).catch((e: unknown) => e);
      expect(fixed).toBeInstanceOf(ConnectionClosedError);
      expect(proxy.stats().accepted).toBe(3); // v5 cut + v4 for the first; only the v5 attempt for the second
    } finally {
      await proxy.close();
    }
  });

  it('with stepDownVersion false, a refused version is an error, not a lower version', async () => {
    const v4 = await cluster({ versions: [3, 4] });
    const err = await connect(v4, { stepDownVersion: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolVersionRefusedError);
    expect(v4.first.accepted).toBe(1);
  });

  it('authenticates with the right password and refuses a wrong one without revealing it', async () => {
    const c = await cluster({ auth: { username: 'alice', password: 'right-pw' } });
    const ok = await connect(c, { authProvider: new PlainTextAuthProvider('alice', 'right-pw') });
    expect(rowsOf(await queryOk(ok, 'SELECT * FROM system.local'))).toHaveLength(1);
    const err = await connect(c, { authProvider: new PlainTextAuthProvider('alice', 'wrong-pw') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationFailedError);
    expect(String((err as Error).message)).not.toMatch(/wrong-pw|alice/);
    expect((err as Error).message).toContain(c.first.endpoint);
    const none = await connect(c).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(AuthenticationFailedError);
    expect((none as Error).message).toMatch(/requires authentication/);
  });

  it('fails the handshake when the server never answers', async () => {
    const server = net.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const started = Date.now();
    const err = await openConnection({ host: '127.0.0.1', port, handshakeTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    server.close();
  });

  it('hands EVENT frames to the listener after REGISTER', async () => {
    const c = await cluster();
    const conn = await connect(c);
    const events: ServerEvent[] = [];
    conn.listener = { onEvent: (e) => events.push(e) };
    const h = new RecordingHandler();
    conn.send(encodeRegister({ version: conn.version, stream: 0 }, ['STATUS_CHANGE', 'SCHEMA_CHANGE']), h);
    await h.done();
    c.first.pushEvent({ type: 'STATUS_CHANGE', change: 'DOWN', address: '127.0.100.7', port: 9042 });
    c.first.pushEvent({ type: 'SCHEMA_CHANGE', change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 'tbl' });
    await waitFor('both events delivered', () => events.length >= 2);
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events[0])).toContain('127.0.100.7');
    expect(JSON.stringify(events[1])).toContain('tbl');
  });
});
