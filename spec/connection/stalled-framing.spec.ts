/**
 * Lost framing without a decoding error (found by the live fuzz, issue 18): a v4 frame whose body
 * length was corrupted upward makes the decoder wait for bytes that never come, and every later
 * answer vanishes into that frame. A request that times out with no whole frame received since it
 * was written, while part of one is buffered, reveals it: the connection goes defunct (and its
 * pool replaces it) instead of failing request after request until the orphan limit.
 */
import { firstValueFrom } from 'rxjs';
import { openConnection } from '../../lib/connection/connect';
import type { Connection } from '../../lib/connection/connection';
import type { LogEvent } from '../../lib/cluster/cluster-events';
import { OperationTimedOutError } from '../../lib/errors/client-errors';
import { RequestTimeoutError } from '../../lib/errors/connection-errors';
import { ScriptedCluster, type Behaviour } from '../support/scripted-server';
import { rowsFrame } from '../support/scripted-server/wire';
import { FakeClock } from '../support/fake-clock';
import { waitFor } from '../support/wait-for';
import { onAll, startSession, stopSession, type Setup } from '../session/scripted-session';
import { ioQuiet } from '../session/live-fuzz-checks';
import { query, rowsOf } from './helpers';

const columns = [{ name: 'v', type: { kind: 'int' } as const }];
/** A rows answer whose length field announces 500 bytes more than follow. */
const inflated: Behaviour = {
  custom: (req, conn) => {
    const frame = rowsFrame(req.version, req.stream, { columns, rows: [[1]] });
    frame.writeInt32BE(frame.readInt32BE(5) + 500, 5);
    conn.socket.write(frame);
  },
};

describe('Lost framing is detected when a request times out (v4, scripted server)', () => {
  let cluster: ScriptedCluster;
  let conn: Connection | undefined;
  const clock = new FakeClock();
  beforeEach(async () => {
    cluster = await ScriptedCluster.start({}, { versions: [4], compression: false });
    conn = await openConnection({ host: cluster.first.address, port: cluster.port, maxProtocolVersion: 4, heartbeat: { intervalMs: 0 }, clock });
  });
  afterEach(async () => {
    await conn?.close({ graceful: false });
    await cluster.stop();
  });

  /** Every byte the node wrote has been read by the connection. */
  const delivered = (c: Connection): boolean => [...cluster.first.connections].every((s) => s.socket.bytesWritten === c.stats.bytesReceived);

  it('a timed-out request with part of a frame buffered and no frame since: defunct, framing lost', async () => {
    const c = conn as Connection;
    const defunct: Error[] = [];
    c.listener = { onDefunct: (reason) => defunct.push(reason) };
    cluster.first.when({ when: 'SELECT inflated', then: inflated });
    const a = query(c, 'SELECT inflated', 1000);
    const b = query(c, 'SELECT next', 1000); // its answer vanishes into the inflated frame
    await waitFor('both answered and read', () => cluster.first.count('SELECT next') === 1 && delivered(c));
    expect(c.isDefunct).toBe(false);
    clock.advance(1000);
    expect(a.handler.errors[0]).toBeInstanceOf(RequestTimeoutError);
    expect(b.handler.errors[0]).toBeInstanceOf(RequestTimeoutError);
    expect(c.isDefunct).toBe(true);
    expect(defunct.map((e) => e.message)).toEqual([expect.stringMatching(/framing lost/)]);
    // Nothing is in flight any more: the defunct connection closes at once.
    expect(c.isClosed).toBe(true);
  });

  it('a timed-out request on a connection with nothing buffered only orphans its id', async () => {
    const c = conn as Connection;
    cluster.first.when({ when: 'SELECT never', then: { noResponse: true } });
    const a = query(c, 'SELECT never', 1000);
    await waitFor('received', () => cluster.first.count('SELECT never') === 1);
    clock.advance(1000);
    expect(a.handler.errors[0]).toBeInstanceOf(RequestTimeoutError);
    expect(c.isDefunct).toBe(false);
    expect(c.orphanedCount).toBe(1);
  });
});

/**
 * A large answer still arriving is no lost framing: a shorter request that times out meanwhile
 * (no whole frame since it was written, part of one buffered) leaves the connection alone, because
 * the frame being received answers another request that still waits for it.
 */
describe.each([4, 5] as const)('A large answer in progress when another request times out (v%i)', (version) => {
  let cluster: ScriptedCluster;
  let conn: Connection | undefined;
  const clock = new FakeClock();
  beforeEach(async () => {
    cluster = await ScriptedCluster.start({}, { versions: [version], compression: false });
    conn = await openConnection({ host: cluster.first.address, port: cluster.port, maxProtocolVersion: version, heartbeat: { intervalMs: 0 }, clock });
  });
  afterEach(async () => {
    await conn?.close({ graceful: false });
    await cluster.stop();
  });

  it('the timed-out request only orphans its id; the large answer completes', async () => {
    const c = conn as Connection;
    const defunct: Error[] = [];
    c.listener = { onDefunct: (reason) => defunct.push(reason) };
    const value = Buffer.alloc(300_000, 7); // v5: three segments (128 KiB payloads at most)
    let rest: (() => void) | undefined;
    cluster.first.when({
      when: 'SELECT big',
      then: {
        custom: (req, sc) => {
          const bytes = sc.wrap(rowsFrame(req.version, req.stream, { columns: [{ name: 'b', type: { kind: 'blob' } }], rows: [[value]] }));
          sc.socket.write(bytes.subarray(0, 150_000));
          rest = () => sc.socket.write(bytes.subarray(150_000));
        },
      },
    });
    cluster.first.when({ when: 'SELECT slow', then: { noResponse: true } });
    const big = query(c, 'SELECT big', 5000);
    await waitFor('the first half of the large answer read', () => rest !== undefined && [...cluster.first.connections].every((s) => s.socket.bytesWritten === c.stats.bytesReceived));
    const slow = query(c, 'SELECT slow', 1000);
    await waitFor('slow received', () => cluster.first.count('SELECT slow') === 1);
    clock.advance(1000);
    expect(slow.handler.errors[0]).toBeInstanceOf(RequestTimeoutError);
    expect(defunct).toEqual([]);
    expect(c.isDefunct).toBe(false);
    rest?.();
    await big.handler.done();
    expect(big.handler.errors).toEqual([]);
    const got = rowsOf(big.handler.responses[0] as NonNullable<(typeof big.handler.responses)[0]>)[0]?.[0];
    expect(Buffer.isBuffer(got) && got.equals(value)).toBe(true);
  });
});

describe('Lost framing through a Session (v4, scripted node)', () => {
  let s: Setup | undefined;
  afterEach(() => stopSession(s));

  it('the execution timeout replaces the stalled connection: the next request succeeds', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock, maxProtocolVersion: 4, compression: 'none' }, { nodesPerDc: [1] });
    const logs: LogEvent[] = [];
    s.cluster.log$.subscribe((e) => logs.push(e));
    onAll(s.sim, 'SELECT inflated', inflated);
    onAll(s.sim, 'SELECT after', { rows: { columns, rows: [[2]] } });
    const first = firstValueFrom(s.session.execute('SELECT inflated FROM t', undefined, { timeoutMs: 1000, attemptTimeoutMs: 0 })).then(() => null, (e: unknown) => e);
    const { cluster, sim } = s;
    await waitFor('answered and read', () => sim.first.count('SELECT inflated') === 1 && ioQuiet(cluster, sim.first));
    clock.advance(1000);
    expect(await first).toBeInstanceOf(OperationTimedOutError);
    expect(logs.filter((e) => /framing lost/.test(e.message))).toHaveLength(1);
    const after = await firstValueFrom(s.session.execute('SELECT after FROM t', undefined, { timeoutMs: 1000 }));
    expect(after.first()?.['v']).toBe(2);
  });
});
