/**
 * HostPool against one scripted node over loopback: open, replace, down, reconnection on the
 * policy's schedule (a fake clock: time moves only when the spec says so), reconnectNow,
 * wait/unwait, borrow and load. Socket I/O is real, so the specs wait for conditions.
 */
import { Host } from '../../lib/cluster/host';
import { HostPool, type PoolListener, type PoolSettings, type PoolWaiter } from '../../lib/cluster/host-pool';
import type { ReconnectionPolicy } from '../../lib/policies/reconnection';
import { query } from '../connection/helpers';
import { FakeClock } from '../support/fake-clock';
import { ScriptedCluster, type ScriptedNode } from '../support/scripted-server';
import { waitFor } from '../support/wait-for';

/** Hands out the given delays in order (the last one repeats) and records what it handed out. */
class ListedDelays implements ReconnectionPolicy {
  schedules = 0;
  readonly handedOut: number[] = [];
  constructor(private readonly delays: readonly number[]) {}
  newSchedule(): { nextDelayMs(): number } {
    this.schedules++;
    let i = 0;
    return {
      nextDelayMs: (): number => {
        const d = this.delays[Math.min(i++, this.delays.length - 1)] ?? 0;
        this.handedOut.push(d);
        return d;
      },
    };
  }
}

/** Records pool events and, as the registry does, keeps the host's state. */
class Events implements PoolListener {
  readonly seen: string[] = [];
  onPoolUp(pool: HostPool): void { this.seen.push('up'); pool.host.setState('up'); }
  onPoolDown(pool: HostPool, reason: Error): void { this.seen.push(`down: ${reason.message}`); pool.host.setState('down'); }
  get kinds(): string[] { return this.seen.map((e) => e.split(':')[0] ?? e); }
}

class Waiter implements PoolWaiter {
  constructor(private readonly name: string, private readonly log: string[]) {}
  connectionReady(): void { this.log.push(`${this.name} ready`); }
  connectionFailed(error: Error): void { this.log.push(`${this.name} failed: ${error.message}`); }
}

let sim: ScriptedCluster;
let node: ScriptedNode;
let clock: FakeClock;
let policy: ListedDelays;
let events: Events;
let pool: HostPool;

function makePool(size: number, delays: readonly number[] = [1000, 2000, 4000]): HostPool {
  policy = new ListedDelays(delays);
  events = new Events();
  const settings: PoolSettings = { size, connection: { heartbeat: { intervalMs: 0 }, clock }, reconnection: policy, clock };
  pool = new HostPool(new Host({ address: node.address, port: node.port, datacenter: 'dc1' }), settings, events);
  return pool;
}

beforeEach(async () => {
  sim = await ScriptedCluster.start();
  node = sim.first;
  clock = new FakeClock();
});

afterEach(async () => {
  // Server first: a graceful pool close waits for in-flight requests on the fake clock, which a
  // failed spec may have left behind.
  await sim.stop();
  await pool?.close();
});

describe('HostPool.open', () => {
  it('opens `size` connections and reports the pool up once', async () => {
    await makePool(3).open();
    expect(pool.openConnections).toBe(3);
    expect(pool.healthy).toBe(3);
    expect(node.accepted).toBe(3);
    expect(events.kinds).toEqual(['up']);
    await pool.open(); // full already: nothing more to open
    expect(node.accepted).toBe(3);
    expect(events.kinds).toEqual(['up']);
    expect(pool.isReconnecting).toBe(false);
  });

  it('rejects when no connection opens, reports down and arms the first reconnection delay', async () => {
    node.handshake.fail = true;
    await expect(makePool(2).open()).rejects.toThrow();
    expect(events.kinds).toEqual(['down']);
    expect(pool.openConnections).toBe(0);
    expect(pool.isReconnecting).toBe(true);
    expect(policy.handedOut).toEqual([1000]);
    expect(clock.pending).toBe(1);
  });

  it('does not report down again a host already known down (e.g. by gossip), but still arms reconnection', async () => {
    node.handshake.fail = true;
    const p = makePool(1);
    p.host.setState('down');
    await expect(p.open()).rejects.toThrow();
    expect(events.kinds).toEqual([]);
    expect(p.isReconnecting).toBe(true);
  });

  it('a sibling opens its connections in its keyspace and reports to its own listener', async () => {
    await makePool(1).open();
    const other = new Events();
    const sibling = pool.sibling('ks_one', other);
    try {
      await sibling.open();
      expect(sibling.keyspace).toBe('ks_one');
      expect(other.kinds).toEqual(['up']);
      expect(events.kinds).toEqual(['up']);
      expect(node.count('USE ks_one')).toBe(1);
    } finally {
      await sibling.close();
    }
  });
});

describe('HostPool reconnection', () => {
  it('retries on the schedule (nothing before the delay), then fills the pool and reports up', async () => {
    node.handshake.fail = true;
    await expect(makePool(2).open()).rejects.toThrow();
    clock.advance(999);
    expect(pool.isOpening).toBe(false);
    clock.advance(1);
    expect(pool.isOpening).toBe(true); // the attempt starts exactly at the first delay
    await waitFor('second delay armed after the failed attempt', () => policy.handedOut.length === 2);
    expect(policy.handedOut).toEqual([1000, 2000]);
    expect(events.kinds).toEqual(['down']); // already down: no second event

    node.handshake.fail = false;
    clock.advance(2000);
    await waitFor('pool refilled', () => pool.openConnections === 2);
    expect(events.kinds).toEqual(['down', 'up']);
    expect(pool.isReconnecting).toBe(false);
    expect(policy.schedules).toBe(1);
  });

  it('a new outage starts a fresh schedule (base delay again)', async () => {
    node.handshake.fail = true;
    await expect(makePool(1, [500, 5000]).open()).rejects.toThrow();
    node.handshake.fail = false;
    clock.advance(500);
    await waitFor('reconnected', () => pool.openConnections === 1);
    node.handshake.fail = true;
    node.dropConnections();
    await waitFor('down again', () => events.kinds.length === 3);
    expect(events.kinds).toEqual(['down', 'up', 'down']);
    await waitFor('next attempt armed', () => pool.isReconnecting);
    expect(policy.schedules).toBe(2);
    // 5000: the next attempt, armed when the first started and cancelled when it opened.
    expect(policy.handedOut).toEqual([500, 5000, 500]);
  });

  it('reconnectNow restarts the schedule: after it fails, the base delay comes again', async () => {
    node.handshake.fail = true;
    await expect(makePool(1).open()).rejects.toThrow();
    clock.advance(1000);
    await waitFor('second delay armed', () => policy.handedOut.length === 2);
    pool.reconnectNow();
    await waitFor('a delay armed after the immediate attempt failed', () => policy.handedOut.length === 3);
    expect(policy.handedOut).toEqual([1000, 2000, 1000]);
    expect(policy.schedules).toBe(2);
  });

  it('reconnectNow tries at once, cancelling the armed delay; a no-op while a connection works', async () => {
    node.handshake.fail = true;
    await expect(makePool(2, [60_000]).open()).rejects.toThrow();
    node.handshake.fail = false;
    pool.reconnectNow();
    expect(pool.isOpening).toBe(true);
    expect(clock.pending).toBe(1); // the old delay cancelled; the next attempt armed on the fresh schedule
    await waitFor('pool refilled without the clock moving', () => pool.openConnections === 2);
    expect(clock.pending).toBe(0); // and cancelled once a connection opened
    expect(clock.now()).toBe(0);
    expect(events.kinds).toEqual(['down', 'up']);
    const accepted = node.accepted;
    pool.reconnectNow();
    expect(pool.isOpening).toBe(false);
    expect(node.accepted).toBe(accepted);
  });
});

describe('HostPool reconnection through a partition (connects go through, handshakes are swallowed)', () => {
  /** Handshakes that never end within the spec: only the schedule can bring the host back. */
  const partitioned = (delays: readonly number[]): HostPool => {
    policy = new ListedDelays(delays);
    events = new Events();
    pool = new HostPool(new Host({ address: node.address, port: node.port, datacenter: 'dc1' }),
      { size: 1, connection: { heartbeat: { intervalMs: 0 }, clock, handshakeTimeoutMs: 600_000 }, reconnection: policy, clock }, events);
    return pool;
  };

  it('an attempt whose handshake hangs does not hold back the next: the pool is up one delay after the node answers again', async () => {
    node.handshake.fail = true;
    await expect(partitioned([60_000]).open()).rejects.toThrow();
    node.handshake.fail = false;
    node.handshake.hold = true; // the partition: every handshake from now on is swallowed
    const before = node.accepted;
    clock.advance(60_000);
    await waitFor('the first attempt connected (and hangs)', () => node.heldHandshakes === 1);
    node.handshake.hold = false; // healed: new handshakes are answered; the swallowed one never is
    clock.advance(60_000);
    await waitFor('the next attempt, on schedule, opened', () => pool.healthy === 1);
    expect(node.accepted).toBe(before + 2);
    expect(node.heldHandshakes).toBe(1); // still swallowed: the pool did not wait for it
    expect(events.kinds).toEqual(['down', 'up']);
    expect(pool.isReconnecting).toBe(false);
    node.releaseHandshakes(); // the hung attempt answers late: the pool is full, it is closed, not kept
    await waitFor('the late attempt settled', () => !pool.isOpening);
    expect(pool.openConnections).toBe(1);
  });

  it('keeps at most 4 connections opening while every attempt hangs; the schedule goes on', async () => {
    node.handshake.fail = true;
    await expect(partitioned([60_000]).open()).rejects.toThrow();
    node.handshake.fail = false;
    node.handshake.hold = true;
    for (let i = 1; i <= 4; i++) {
      clock.advance(60_000);
      await waitFor(`attempt ${i} hangs`, () => node.heldHandshakes === i);
    }
    const accepted = node.accepted;
    clock.advance(60_000);
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(node.accepted).toBe(accepted); // no fifth pending attempt
    expect(node.heldHandshakes).toBe(4);
    expect(pool.isReconnecting).toBe(false); // at the cap nothing is armed: an attempt that fails arms the next
    node.handshake.hold = false;
    node.releaseHandshakes();
    await waitFor('up once the hung attempts are answered', () => pool.healthy === 1);
    await waitFor('the others settled', () => !pool.isOpening);
    expect(pool.openConnections).toBe(1);
    expect(events.kinds).toEqual(['down', 'up']);
  });
});

describe('HostPool reconnection attempt bound', () => {
  it('an attempt whose handshake is swallowed gives up after 4 delays (at least 2 s), not at the configured handshake timeout', async () => {
    policy = new ListedDelays([500]);
    events = new Events();
    pool = new HostPool(new Host({ address: node.address, port: node.port, datacenter: 'dc1' }),
      { size: 1, connection: { heartbeat: { intervalMs: 0 }, clock, handshakeTimeoutMs: 600_000 }, reconnection: policy, clock }, events);
    node.handshake.fail = true;
    await expect(pool.open()).rejects.toThrow();
    node.handshake.fail = false;
    node.handshake.hold = true;
    clock.advance(500); // the attempt starts; the fake clock stays there, so no other one does
    await waitFor('the attempt hangs', () => node.heldHandshakes === 1 && pool.isOpening);
    // Real time: the attempt's handshake bound is max(2 s, 4 × 500 ms) = 2 s, far below 600 s.
    const until = Date.now() + 15_000;
    while (pool.isOpening && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(pool.isOpening).toBe(false);
    expect(node.heldHandshakes).toBe(1); // never answered: the client gave up
    expect(events.kinds).toEqual(['down']);
  }, 30_000);
});

describe('HostPool replacement and loss', () => {
  it('replaces a connection the server closed; the host stays up', async () => {
    await makePool(2).open();
    const [first] = [...node.connections];
    first?.socket.destroy();
    await waitFor('replacement opened', () => node.accepted === 3 && pool.openConnections === 2 && !pool.isOpening);
    expect(pool.healthy).toBe(2);
    expect(events.kinds).toEqual(['up']);
    expect(pool.isReconnecting).toBe(false);
  });

  it('losing every connection (and failing to replace them) reports down once, then reconnection brings it back', async () => {
    await makePool(2).open();
    node.handshake.fail = true;
    node.dropConnections();
    await waitFor('pool down and reconnection armed', () => pool.isReconnecting && !pool.isOpening);
    expect(events.kinds).toEqual(['up', 'down']);
    expect(pool.openConnections).toBe(0);
    node.handshake.fail = false;
    clock.advance(1000);
    await waitFor('pool refilled', () => pool.openConnections === 2);
    expect(events.kinds).toEqual(['up', 'down', 'up']);
  });

  it('a silent node: the heartbeat fails the last connection and the host is down at once, not when the hanging replacement gives up', async () => {
    policy = new ListedDelays([1000]);
    events = new Events();
    const heartbeat = { intervalMs: 1000, timeoutMs: 2000 };
    pool = new HostPool(new Host({ address: node.address, port: node.port, datacenter: 'dc1' }),
      { size: 1, connection: { heartbeat, clock, connectTimeoutMs: 60_000 }, reconnection: policy, clock }, events);
    await pool.open();
    node.silence();
    node.handshake.hold = true;
    clock.advance(1000);
    clock.advance(2000);
    await waitFor('down reported', () => events.kinds.length === 2);
    expect(events.kinds).toEqual(['up', 'down']);
    expect(events.seen[1]).toMatch(/heartbeat unanswered/);
    expect(pool.isOpening).toBe(true);
    node.releaseHandshakes();
    await waitFor('the replacement opened', () => pool.healthy === 1);
    expect(events.kinds).toEqual(['up', 'down', 'up']);
  });

  it('close() closes the connections, fails waiters and stops reconnection for good', async () => {
    await makePool(2).open();
    await pool.close();
    expect(pool.openConnections).toBe(0);
    expect(pool.borrow()).toBeNull();
    await waitFor('server saw the sockets close', () => node.connections.size === 0);
    clock.advance(600_000);
    expect(pool.isOpening).toBe(false);
    expect(events.kinds).toEqual(['up']);
  });
});

describe('HostPool.wait / unwait', () => {
  it('wakes waiters in order once a connection opens; an unwaited one hears nothing', async () => {
    const log: string[] = [];
    const opening = makePool(1).open();
    expect(pool.isOpening).toBe(true);
    const [a, b, c] = [new Waiter('a', log), new Waiter('b', log), new Waiter('c', log)];
    pool.wait(a);
    pool.wait(b);
    pool.wait(c);
    pool.unwait(b);
    await opening;
    expect(log).toEqual(['a ready', 'c ready']);
  });

  it('fails waiters when no connection could be opened', async () => {
    node.handshake.fail = true;
    const log: string[] = [];
    const opening = makePool(2).open();
    pool.wait(new Waiter('a', log));
    await expect(opening).rejects.toThrow();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^a failed: /);
  });

  it('close() fails waiters with "pool closed" and the connection still opening is closed, not kept', async () => {
    const log: string[] = [];
    const opening = makePool(1).open();
    pool.wait(new Waiter('a', log));
    await pool.close();
    expect(log).toEqual([`a failed: ${node.endpoint}: connection pool closed`]);
    await expect(opening).rejects.toThrow();
    expect(pool.openConnections).toBe(0);
    await waitFor('server saw the late connection close', () => node.accepted === 1 && node.connections.size === 0);
    expect(events.kinds).toEqual([]);
  });
});

describe('HostPool.borrow and load', () => {
  it('borrows the least busy connection; load counts in-flight and orphaned requests', async () => {
    node.when({ when: 'SELECT hang', then: { noResponse: true } });
    await makePool(2).open();
    expect(pool.borrow()).not.toBeNull();
    expect(pool.load).toBe(0);

    const busy = pool.borrow();
    if (!busy) throw new Error('no connection');
    const { request } = query(busy, 'SELECT hang');
    expect(pool.inFlight).toBe(1);
    expect(pool.load).toBe(1);
    const other = pool.borrow();
    expect(other).not.toBe(busy);
    expect(other).not.toBeNull();

    clock.advance(250);
    expect(pool.oldestInFlightAgeMs(clock.now())).toBe(250);

    busy.cancel(request); // the id stays orphaned until the server answers (it never will)
    expect(pool.inFlight).toBe(0);
    expect(pool.orphaned).toBe(1);
    expect(pool.load).toBe(1);
    expect(pool.gauges()).toMatchObject({ inFlight: 0, openConnections: 2, orphanedStreamIds: 1 });
  });

  it('gauges keep the bytes of connections that closed', async () => {
    await makePool(1).open();
    const before = pool.gauges();
    expect(before.bytesSent).toBeGreaterThan(0);
    expect(before.bytesReceived).toBeGreaterThan(0);
    node.dropConnections(); // the only connection: the pool is down until the reconnection delay
    await waitFor('reconnection armed', () => pool.isReconnecting);
    clock.advance(1000);
    await waitFor('reconnected', () => node.accepted === 2 && pool.openConnections === 1);
    const after = pool.gauges();
    expect(after.bytesSent).toBeGreaterThan(before.bytesSent);
    expect(after.bytesReceived).toBeGreaterThan(before.bytesReceived);
  });
});
