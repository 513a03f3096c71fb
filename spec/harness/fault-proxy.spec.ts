/**
 * The fault proxy (spec/support/fault-proxy/) on loopback, against a plain TCP server that records
 * what it receives and echoes it back, and with a Cluster against the scripted CQL server reached
 * through one proxy per node by address translation. Delays and throttling run on a fake clock.
 */
import * as net from 'node:net';
import { firstValueFrom } from 'rxjs';
import { Cluster, ConstantReconnectionPolicy, DriverError } from '../../lib';
import { clusterRuntime } from '../../lib/session/cluster';
import { FaultProxy } from '../support/fault-proxy/fault-proxy';
import { NodeProxies } from '../support/fault-proxy/node-proxies';
import { FakeClock } from '../support/fake-clock';
import { ScriptedCluster } from '../support/scripted-server';
import { turns, waitFor } from '../support/wait-for';

/** A server that keeps every byte each connection sent and (optionally) echoes it. */
class RecordingServer {
  readonly sockets: net.Socket[] = [];
  readonly received: Buffer[] = [];
  readonly ended: net.Socket[] = [];
  private constructor(readonly server: net.Server) {}

  static async start(echo: boolean): Promise<RecordingServer> {
    const server = net.createServer();
    const rec = new RecordingServer(server);
    server.on('connection', (s) => {
      rec.sockets.push(s);
      s.on('data', (d: Buffer) => {
        rec.received.push(d);
        if (echo) s.write(d);
      });
      s.on('error', () => undefined);
      s.on('close', () => rec.ended.push(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return rec;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get bytes(): Buffer {
    return Buffer.concat(this.received);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A client socket that records what it receives and how it ended. */
async function client(port: number): Promise<{ socket: net.Socket; data: () => Buffer; closed: () => boolean; error: () => NodeJS.ErrnoException | null }> {
  const chunks: Buffer[] = [];
  let closed = false;
  let error: NodeJS.ErrnoException | null = null;
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', (e: NodeJS.ErrnoException) => { error = e; });
  socket.on('close', () => { closed = true; });
  await new Promise<void>((r, j) => { socket.once('connect', () => r()); socket.once('error', j); });
  return { socket, data: () => Buffer.concat(chunks), closed: () => closed, error: () => error };
}

describe('FaultProxy (loopback)', () => {
  let server: RecordingServer;
  let proxy: FaultProxy;
  const sockets: net.Socket[] = [];
  const open = async (): ReturnType<typeof client> => {
    const c = await client(proxy.port);
    sockets.push(c.socket);
    await waitFor('the proxy connected through', () => server.sockets.length >= sockets.length);
    return c;
  };

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await proxy?.close();
    await server?.stop();
  });

  it('is transparent without faults: a megabyte round-trips byte for byte', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const c = await open();
    const payload = Buffer.alloc(1 << 20);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + (i >> 8)) & 0xff;
    c.socket.write(payload);
    await waitFor('the echo came back', () => c.data().length >= payload.length);
    expect(c.data().equals(payload)).toBe(true);
    expect(proxy.stats()).toMatchObject({ accepted: 1, open: 1, toServer: { forwarded: payload.length, dropped: 0 }, toClient: { forwarded: payload.length, dropped: 0 } });
  });

  it('delays each chunk by latency plus jitter and keeps their order', async () => {
    const clock = new FakeClock();
    const draws = [0.9, 0.1, 0.5];
    server = await RecordingServer.start(false);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port }, clock, random: () => draws.shift() ?? 0 });
    proxy.set({ toServer: { latencyMs: 100, jitterMs: 50 } });
    const c = await open();
    for (const part of ['first,', 'second,', 'third']) {
      c.socket.write(part);
      await turns(200);
    }
    expect(server.bytes.length).toBe(0);
    clock.advance(99);
    await turns(200);
    expect(server.bytes.length).toBe(0);
    clock.advance(50);
    await waitFor('all three delivered', () => server.bytes.length === 'first,second,third'.length);
    expect(server.bytes.toString()).toBe('first,second,third');
  });

  it('throttles to the given bytes per second', async () => {
    const clock = new FakeClock();
    server = await RecordingServer.start(false);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port }, clock });
    proxy.set({ bytesPerSecond: 1000 });
    const c = await open();
    c.socket.write(Buffer.alloc(500, 7));
    await turns(500);
    clock.advance(499);
    await turns(500);
    expect(server.bytes.length).toBeLessThan(500);
    clock.advance(1);
    await waitFor('500 bytes after 500 ms at 1000 B/s', () => server.bytes.length === 500);
  });

  it('black-holes requests (toServer) while both sockets stay open, and heals', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const c = await open();
    proxy.partition('toServer');
    c.socket.write('lost');
    await waitFor('dropped', () => proxy.stats().toServer.dropped === 4);
    await turns(500);
    expect(server.bytes.length).toBe(0);
    expect(server.ended).toHaveLength(0);
    expect(c.closed()).toBe(false);
    proxy.heal();
    c.socket.write('kept');
    await waitFor('echo after healing', () => c.data().toString() === 'kept');
    expect(server.bytes.toString()).toBe('kept');
  });

  it('black-holes answers only (toClient): the server receives, the client hears nothing', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const c = await open();
    proxy.partition('toClient');
    c.socket.write('ping');
    await waitFor('the answer dropped', () => proxy.stats().toClient.dropped === 4);
    expect(server.bytes.toString()).toBe('ping');
    expect(c.data().length).toBe(0);
    expect(c.closed()).toBe(false);
    proxy.partition('none');
    c.socket.write('pong');
    await waitFor('echo after healing', () => c.data().toString() === 'pong');
  });

  it('a full partition drops both ways, also on connections opened during it', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    proxy.partition('both');
    const c = await open();
    c.socket.write('abc');
    await waitFor('dropped', () => proxy.stats().toServer.dropped === 3);
    expect(server.bytes.length).toBe(0);
    expect(c.closed()).toBe(false);
  });

  it('resets every connection on both sides', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const a = await open();
    const b = await open();
    expect(proxy.resetAll()).toBe(2);
    await waitFor('both clients closed', () => a.closed() && b.closed());
    await waitFor('both server sockets closed', () => server.ended.length === 2);
    expect([a.error()?.code, b.error()?.code]).toEqual(['ECONNRESET', 'ECONNRESET']);
    expect(proxy.stats()).toMatchObject({ open: 0, resets: 2 });
  });

  it('cuts the next answer after the given bytes, then resets that connection only', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const a = await open();
    const b = await open();
    const cut = proxy.cutMidFrame('toClient', 3);
    a.socket.write('0123456789');
    expect(await cut).toEqual({ kept: 3, of: 10 });
    await waitFor('client a reset', () => a.closed());
    expect(a.data().toString()).toBe('012');
    // The proxy resets; on loopback the client mostly sees ECONNRESET, now and then an orderly close.
    expect([undefined, 'ECONNRESET']).toContain(a.error()?.code);
    expect(proxy.stats().resets).toBe(1);
    b.socket.write('whole');
    await waitFor('b untouched', () => b.data().toString() === 'whole');
    expect(b.closed()).toBe(false);
  });

  it('a random cut keeps 1..length-1 bytes (inside the chunk)', async () => {
    server = await RecordingServer.start(false);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port }, random: () => 0.999 });
    const c = await open();
    const cut = proxy.cutMidFrame('toServer');
    c.socket.write('abcdefgh');
    const { kept, of } = await cut;
    expect(of).toBe(8);
    expect(kept).toBe(7);
    await waitFor('the server got the kept bytes', () => server.bytes.length === 7 && server.ended.length === 1);
    expect(server.bytes.toString()).toBe('abcdefg');
  });

  it('heal() cancels a cut not yet fired', async () => {
    server = await RecordingServer.start(true);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    const c = await open();
    void proxy.cutMidFrame('toClient', 1);
    proxy.heal();
    c.socket.write('intact');
    await waitFor('the whole echo', () => c.data().toString() === 'intact');
    expect(proxy.stats().resets).toBe(0);
  });

  it('rejects negative or non-finite fault values', async () => {
    server = await RecordingServer.start(false);
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
    expect(() => proxy.set({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => proxy.set({ toClient: { bytesPerSecond: Number.NaN } })).toThrow(/bytesPerSecond/);
  });
});

describe('NodeProxies with a Cluster on the scripted server (address translation)', () => {
  let scripted: ScriptedCluster;
  let proxies: NodeProxies;
  let cluster: Cluster | undefined;

  afterEach(async () => {
    await cluster?.shutdown();
    await proxies?.close();
    await scripted?.stop();
  });

  it('reaches every node through its proxy, and a cut answer is a typed error or a retry, never a wrong row', async () => {
    scripted = await ScriptedCluster.start({ nodesPerDc: [3] });
    proxies = await NodeProxies.start(scripted.nodes.map((n) => ({ host: n.address, port: n.port })));
    cluster = new Cluster({
      contactPoints: [proxies.contactPoints()[0] as string],
      addressTranslator: proxies.translate,
      pooling: { heartbeatIntervalMs: 0 },
    });
    const session = await cluster.connect();
    const endpoints = cluster.hosts().map((h) => h.endpoint).sort();
    expect(endpoints).toEqual(proxies.contactPoints().sort());
    for (const n of scripted.nodes) n.when({ when: 'SELECT word', then: { rows: { columns: [{ name: 'word', type: { kind: 'text' } }], rows: [[n.address]] } } });
    const before = proxies.all.reduce((n, p) => n + p.stats().accepted, 0);
    const cuts = proxies.all.map((p) => p.cutMidFrame('toClient'));
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => firstValueFrom(session.execute('SELECT word FROM t', [], { idempotent: true }))
      .then((rs) => ({ host: rs.info.host, word: rs.rows[0]?.get('word') }), (e: unknown) => ({ error: e }))));
    await Promise.race(cuts);
    for (const o of outcomes) {
      if ('error' in o) expect(o.error).toBeInstanceOf(DriverError);
      else expect(proxies.nodeOf(o.host).split(':')[0]).toBe(o.word);
    }
    await waitFor('a replacement connection opened', () => proxies.all.reduce((n, p) => n + p.stats().accepted, 0) > before);
  });

  it('a pool whose new connection has its handshake cut comes back at the agreed version, never a lower one', async () => {
    scripted = await ScriptedCluster.start({ nodesPerDc: [3] });
    proxies = await NodeProxies.start(scripted.nodes.map((n) => ({ host: n.address, port: n.port })));
    cluster = new Cluster({
      contactPoints: [proxies.contactPoints()[0] as string],
      addressTranslator: proxies.translate,
      pooling: { heartbeatIntervalMs: 0 },
      reconnection: new ConstantReconnectionPolicy(10),
    });
    await cluster.connect();
    const victim = scripted.nodes[1]?.address as string;
    const proxy = proxies.proxy(victim);
    const host = cluster.hosts().find((h) => h.address === victim);
    if (!host) throw new Error('no host for the victim');
    const pool = (): ReturnType<ReturnType<typeof clusterRuntime>['pool']> => clusterRuntime(cluster as Cluster).pool(host);
    expect(pool()?.borrow()?.version).toBe(5);
    const accepted = proxy.stats().accepted;
    // Reset the pool's connection; the replacement's SUPPORTED answer is cut (read as "v5 refused" when stepping down).
    const cut = proxy.cutMidFrame('toClient', 3);
    proxy.resetAll();
    await cut;
    await waitFor('the pool open again', () => pool()?.borrow() != null && proxy.stats().accepted >= accepted + 2);
    expect(pool()?.borrow()?.version).toBe(5);
  });
});
