import { openConnection } from '../../lib/connection/connect';
import type { Connection } from '../../lib/connection/connection';
import {
  BusyConnectionError, ConnectionClosedError, DefunctConnectionError, RequestTimeoutError,
} from '../../lib/errors/connection-errors';
import { ProtocolError } from '../../lib/errors/codec-errors';
import { ScriptedCluster } from '../support/scripted-server';
import { FakeClock } from '../support/fake-clock';
import { waitFor } from '../support/wait-for';
import { query, queryOk, rowsOf } from './helpers';

const text = { kind: 'text' } as const;
const rowsSaying = (word: string) => ({ rows: { columns: [{ name: 'word', type: text }], rows: [[word]] } });

describe('Connection faults (scripted server)', () => {
  let cluster: ScriptedCluster;
  const open: Connection[] = [];
  beforeEach(async () => {
    cluster = await ScriptedCluster.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close({ graceful: false })));
    await cluster.stop();
  });
  async function connect(extra: Partial<Parameters<typeof openConnection>[0]> = {}): Promise<Connection> {
    const c = await openConnection({ host: cluster.first.address, port: cluster.port, heartbeat: { intervalMs: 0 }, ...extra });
    open.push(c);
    return c;
  }

  for (const version of [4, 5] as const) {
    it(`v${version}: a timed-out request orphans its id; the late response frees it and is never misrouted`, async () => {
      const conn = await connect({ maxProtocolVersion: version, maxRequestsPerConnection: 1 });
      cluster.first.when({ when: 'SELECT slow', then: rowsSaying('slow'), delayMs: 200 });
      // Slower than the late 'slow' answer: were id 0 reused, 'slow' would be routed to this request.
      cluster.first.when({ when: 'SELECT fast', then: rowsSaying('fast'), delayMs: 300 });
      const slow = query(conn, 'SELECT slow', 50);
      await slow.handler.done();
      expect(slow.handler.errors[0]).toBeInstanceOf(RequestTimeoutError);
      expect(conn.orphanedCount).toBe(1);
      // The only id is orphaned: the next request must wait, not reuse it.
      const fast = query(conn, 'SELECT fast');
      expect(conn.queued).toBe(1);
      await fast.handler.done();
      expect(rowsOf(fast.handler.responses[0]!)).toEqual([['fast']]);
      expect(slow.handler.calls).toBe(1);
      expect(conn.orphanedCount).toBe(0);
      expect(conn.stats.lateResponses).toBe(1);
    });
  }

  it('cancel() orphans the id and delivers nothing', async () => {
    const conn = await connect();
    cluster.first.when({ when: 'SELECT slow', then: rowsSaying('slow'), delayMs: 100 });
    const slow = query(conn, 'SELECT slow');
    conn.cancel(slow.request);
    expect(conn.orphanedCount).toBe(1);
    await waitFor('the late response freed the id', () => conn.orphanedCount === 0);
    expect(conn.stats.lateResponses).toBe(1);
    expect(slow.handler.calls).toBe(0);
  });

  it('queues when every id is taken and reports busy when the queue is full', async () => {
    const conn = await connect({ maxRequestsPerConnection: 2, maxQueuePerConnection: 1 });
    cluster.first.when({ when: 'SELECT', then: rowsSaying('x'), delayMs: 50 });
    const a = query(conn, 'SELECT a');
    const b = query(conn, 'SELECT b');
    const c = query(conn, 'SELECT c');
    expect(conn.queued).toBe(1);
    expect(conn.isBusy).toBe(true);
    expect(() => query(conn, 'SELECT d')).toThrow(BusyConnectionError);
    await Promise.all([a, b, c].map((x) => x.handler.done()));
    expect([a, b, c].every((x) => x.handler.responses.length === 1)).toBe(true);
    expect(cluster.first.count('SELECT d')).toBe(0);
  });

  it('asks to be replaced once orphans exceed the limit, then closes after in-flight requests end', async () => {
    const conn = await connect({ maxOrphansPerConnection: 2 });
    const defunct: Error[] = [];
    const closed: Array<Error | null> = [];
    conn.listener = { onDefunct: (e) => defunct.push(e), onClosed: (e) => closed.push(e) };
    cluster.first.when({ when: 'SELECT hang', then: { noResponse: true } });
    cluster.first.when({ when: 'SELECT slow', then: rowsSaying('slow'), delayMs: 100 });
    const live = query(conn, 'SELECT slow');
    for (let i = 0; i < 3; i++) conn.cancel(query(conn, 'SELECT hang').request);
    expect(defunct).toHaveLength(1);
    expect(conn.isDefunct).toBe(true);
    expect(() => query(conn, 'SELECT more')).toThrow(DefunctConnectionError);
    await live.handler.done();
    expect(rowsOf(live.handler.responses[0]!)).toEqual([['slow']]);
    await waitFor('the drained defunct connection closed', () => conn.isClosed);
    expect(closed).toHaveLength(1);
  });

  it('heartbeat detects a silent server and fails in-flight requests once', async () => {
    const clock = new FakeClock();
    const conn = await connect({ heartbeat: { intervalMs: 100, timeoutMs: 100 }, clock });
    expect(rowsOf(await queryOk(conn, 'SELECT * FROM system.local'))).toHaveLength(1);
    cluster.first.silence();
    const pending = query(conn, 'SELECT anything');
    const defunct: Error[] = [];
    conn.listener = { onDefunct: (e) => defunct.push(e) };
    clock.advance(100); // idle: the heartbeat goes out (the silent server never answers it)
    expect(defunct).toEqual([]);
    clock.advance(100); // and times out
    await pending.handler.done();
    expect(defunct[0]).toBeInstanceOf(DefunctConnectionError);
    expect(defunct[0]?.message).toMatch(/heartbeat/);
    expect(pending.handler.errors[0]).toBeInstanceOf(DefunctConnectionError);
    await waitFor('the defunct connection closed', () => conn.isClosed);
    clock.advance(1000);
    expect(pending.handler.calls).toBe(1);
  });

  it('an undecodable response fails only its request; the connection stays and serves the next ones', async () => {
    const conn = await connect();
    cluster.first.when({ when: 'SELECT bad', then: { malformedBody: true } });
    cluster.first.when({ when: 'SELECT slow', then: rowsSaying('slow'), delayMs: 80 });
    const slow = query(conn, 'SELECT slow');
    const bad = query(conn, 'SELECT bad');
    await bad.handler.done();
    expect(bad.handler.errors[0]).toBeInstanceOf(ProtocolError);
    expect(conn.isDefunct).toBe(false);
    await slow.handler.done();
    expect(rowsOf(slow.handler.responses[0]!)).toEqual([['slow']]);
    // The frame boundaries were intact: the same connection keeps working.
    expect(rowsOf(await queryOk(conn, 'SELECT * FROM system.local'))).toHaveLength(1);
    expect(conn.stats.undecodableResponses).toBe(1);
    expect(conn.isDefunct || conn.isClosed).toBe(false);
  });

  for (const version of [4, 5] as const) {
    it(`v${version}: garbage bytes fail every in-flight request once with a connection error naming the host`, async () => {
      const conn = await connect({ maxProtocolVersion: version });
      cluster.first.when({ when: 'SELECT garbage', then: { garbage: Buffer.from('this is not a frame at all, not even close!!') } });
      cluster.first.when({ when: 'SELECT hang', then: { noResponse: true } });
      const hang = query(conn, 'SELECT hang');
      const g = query(conn, 'SELECT garbage');
      await Promise.all([hang.handler.done(), g.handler.done()]);
      for (const h of [hang.handler, g.handler]) {
        expect(h.calls).toBe(1);
        expect(h.errors[0]).toBeInstanceOf(DefunctConnectionError);
        expect(h.errors[0]?.message).toContain(cluster.first.endpoint);
      }
      expect(conn.isClosed).toBe(true);
    });
  }

  it('a truncated frame followed by a hang-up fails the request with ConnectionClosedError', async () => {
    const conn = await connect();
    cluster.first.when({ when: 'SELECT cut', then: { truncate: { bytes: 5 } } });
    const cut = query(conn, 'SELECT cut');
    await cut.handler.done();
    expect(cut.handler.errors[0]).toBeInstanceOf(ConnectionClosedError);
    expect(cut.handler.calls).toBe(1);
  });

  it('the server closing the socket fails every in-flight and queued request exactly once', async () => {
    const conn = await connect({ maxRequestsPerConnection: 2 });
    cluster.first.when({ when: 'SELECT hang', then: { noResponse: true } });
    cluster.first.when({ when: 'SELECT close', then: { closeConnection: true } });
    const reqs = [query(conn, 'SELECT hang'), query(conn, 'SELECT close'), query(conn, 'SELECT queued')];
    await Promise.all(reqs.map((r) => r.handler.done()));
    await waitFor('the connection closed', () => conn.isClosed);
    for (const r of reqs) {
      expect(r.handler.calls).toBe(1);
      expect(r.handler.errors[0]).toBeInstanceOf(ConnectionClosedError);
    }
    expect(reqs[2]?.request.written).toBe(false);
  });

  it('graceful close waits for in-flight requests; forced close fails them', async () => {
    const conn = await connect();
    cluster.first.when({ when: 'SELECT slow', then: rowsSaying('slow'), delayMs: 80 });
    const slow = query(conn, 'SELECT slow');
    await conn.close();
    expect(slow.handler.responses).toHaveLength(1);
    const conn2 = await connect();
    const slow2 = query(conn2, 'SELECT slow');
    await conn2.close({ graceful: false });
    expect(slow2.handler.errors[0]).toBeInstanceOf(ConnectionClosedError);
  });

  it('coalesces 256 concurrent requests into a handful of socket writes', async () => {
    for (const version of [4, 5] as const) {
      const conn = await connect({ maxProtocolVersion: version });
      const before = conn.writeStats.writes;
      const reqs = Array.from({ length: 256 }, (_, i) => query(conn, `SELECT ${i} FROM t`));
      await Promise.all(reqs.map((r) => r.handler.done()));
      const writes = conn.writeStats.writes - before;
      expect(reqs.every((r) => r.handler.responses.length === 1)).toBe(true);
      expect(writes).toBeLessThanOrEqual(2);
      process.stdout.write(`v${version}: 256 requests in ${writes} socket write(s)\n`);
    }
  });
});
