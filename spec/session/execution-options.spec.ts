import { firstValueFrom, lastValueFrom, range, mergeMap, toArray, type Subscription } from 'rxjs';
import {
  ClusterShutdownError, DefaultLoadBalancingPolicy, HostNotAvailableError, OperationTimedOutError, StatementError, type LogEvent,
} from '../../lib';
import { Opcode } from '../../lib/protocol/opcodes';
import { onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

// Issue 13: the `host` option, per-attempt timeouts, frozen nodes avoided, typed shutdown errors,
// server warnings on log$ (scripted 3-node cluster).
const int = { kind: 'int' } as const;
const one = { rows: { columns: [{ name: 'v', type: int }], rows: [[1]] } };

describe('execution options (scripted 3-node cluster)', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => stopSession(s));

  it('host: every execution goes to that host only, given as a Host or as "address:port"', async () => {
    onAll(s.sim, 'SELECT pinned', one);
    const target = s.cluster.hosts()[1]!;
    for (let i = 0; i < 6; i++) {
      const rs = await firstValueFrom(s.session.execute('SELECT pinned FROM t', undefined, { host: i % 2 === 0 ? target : target.endpoint }));
      expect(rs.info.host).toBe(target.endpoint);
    }
    expect(s.sim.node(target.address).count('SELECT pinned')).toBe(6);
    expect(total(s.sim, 'SELECT pinned')).toBe(6);
  });

  it('host: no failover; an unknown or down host is a HostNotAvailableError with nothing sent', async () => {
    const target = s.cluster.hosts()[2]!;
    s.sim.node(target.address).when({ when: 'SELECT fails', then: { error: { code: 0x1001, message: 'overloaded' } } });
    await expect(firstValueFrom(s.session.execute('SELECT fails FROM t', undefined, { host: target }))).rejects.toThrow(/overloaded|no host/i);
    expect(total(s.sim, 'SELECT fails')).toBe(1);
    const before = total(s.sim, 'SELECT');
    const err = await firstValueFrom(s.session.execute('SELECT x FROM t', undefined, { host: '10.9.9.9:9042' })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(HostNotAvailableError);
    expect((err as HostNotAvailableError).reason).toBe('unknown');
    expect((err as Error).message).toContain('10.9.9.9:9042');
    await s.sim.node(target.address).crash();
    await waitFor(() => target.state === 'down');
    const down = await firstValueFrom(s.session.execute('SELECT x FROM t', undefined, { host: target })).catch((e: Error) => e);
    expect(down).toBeInstanceOf(HostNotAvailableError);
    expect((down as HostNotAvailableError).reason).toBe('down');
    expect(total(s.sim, 'SELECT')).toBe(before);
  });

  it('attemptTimeoutMs: an idempotent execution leaves an unanswering host for the next one, within its timeout', async () => {
    const [stuck] = s.cluster.hosts();
    s.sim.node(stuck!.address).when({ when: 'SELECT slow', then: { noResponse: true } });
    onAll(s.sim, 'SELECT slow', one);
    s.sim.node(stuck!.address).when({ when: 'SELECT slow', then: { noResponse: true } });
    const results = await lastValueFrom(range(0, 6).pipe(
      mergeMap(() => s.session.execute('SELECT slow FROM t', undefined, { timeoutMs: 2000, attemptTimeoutMs: 60 })), toArray()));
    expect(results).toHaveLength(6);
    const moved = results.filter((r) => r.info.hostsTried.length === 2);
    for (const r of moved) expect(r.info.hostsTried[0]).toBe(stuck!.endpoint);
    expect(results.every((r) => r.info.host !== stuck!.endpoint)).toBe(true);
  });

  it('attemptTimeoutMs: a non-idempotent execution is never re-sent; bad values are typed errors with nothing sent', async () => {
    onAll(s.sim, 'INSERT', { noResponse: true });
    const err = await firstValueFrom(s.session.execute('INSERT INTO t (k) VALUES (1)', undefined, { timeoutMs: 200, attemptTimeoutMs: 40 })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(OperationTimedOutError);
    expect(total(s.sim, 'INSERT')).toBe(1);
    const before = total(s.sim, 'SELECT');
    await expect(firstValueFrom(s.session.execute('SELECT a FROM t', undefined, { timeoutMs: 100, attemptTimeoutMs: 500 })))
      .rejects.toThrow(/"attemptTimeoutMs" \(500 ms\) must not exceed .*"timeoutMs" \(100 ms\)/);
    await expect(firstValueFrom(s.session.execute('SELECT a FROM t', undefined, { attemptTimeoutMs: -1 }))).rejects.toBeInstanceOf(StatementError);
    expect(total(s.sim, 'SELECT')).toBe(before);
  });

  it('a host that stopped answering (orphans, no answer since) draws no new request after its first timeout', async () => {
    await stopSession(s);
    s = await startSession({ profiles: { default: { loadBalancing: new DefaultLoadBalancingPolicy({ slowReplicaThresholdMs: 50 }) } } });
    const [frozen] = s.cluster.hosts();
    onAll(s.sim, 'SELECT q', one);
    s.sim.node(frozen!.address).when({ when: 'SELECT q', then: { noResponse: true } });
    const options = { timeoutMs: 3000, attemptTimeoutMs: 150 };
    // Until one execution has given up on the frozen host.
    for (let i = 0; i < 10; i++) {
      const rs = await firstValueFrom(s.session.execute('SELECT q FROM t', undefined, options));
      if (rs.info.hostsTried.length > 1) break;
    }
    const before = s.sim.node(frozen!.address).count('SELECT q');
    expect(before).toBeGreaterThan(0);
    // Round robin alone would send it a third of these.
    await lastValueFrom(range(0, 60).pipe(mergeMap(() => s.session.execute('SELECT q FROM t', undefined, options), 4), toArray()));
    expect(s.sim.node(frozen!.address).count('SELECT q')).toBe(before);
    expect(s.cluster.metrics().hosts[frozen!.endpoint]?.orphanedStreamIds).toBeGreaterThan(0);
  });

  it('shutdown: executions in flight fail with ClusterShutdownError', async () => {
    onAll(s.sim, 'SELECT hang', { noResponse: true });
    const errors: unknown[] = [];
    const subs: Subscription[] = [];
    for (let i = 0; i < 5; i++) {
      subs.push(s.session.execute('SELECT hang FROM t', undefined, { attemptTimeoutMs: 0 }).subscribe({ error: (e: unknown) => errors.push(e) }));
    }
    await waitFor(() => total(s.sim, 'SELECT hang') === 5);
    await s.cluster.shutdown();
    expect(errors).toHaveLength(5);
    for (const e of errors) expect(e).toBeInstanceOf(ClusterShutdownError);
    subs.forEach((x) => x.unsubscribe());
  });

  it('server warnings reach log$ at warn with the statement that caused them', async () => {
    onAll(s.sim, 'BATCH-LIKE', { voidWithWarnings: ['Batch for [ks.t] is of size 6000, exceeding specified threshold'] });
    const logs: LogEvent[] = [];
    const sub = s.cluster.log$.subscribe((e) => logs.push(e));
    const rs = await firstValueFrom(s.session.execute('INSERT INTO t (k) VALUES (1) -- BATCH-LIKE'));
    sub.unsubscribe();
    expect(rs.info.warnings).toHaveLength(1);
    const warn = logs.filter((l) => l.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(warn[0]?.message).toContain('exceeding specified threshold');
    expect(warn[0]?.message).toContain('INSERT INTO t (k) VALUES (1)');
    expect(total(s.sim, 'BATCH-LIKE', Opcode.Query)).toBe(1);
  });

  it("the default timestamp generator's drift warnings reach log$ at warn", async () => {
    await stopSession(s);
    const realNow = Date.now.bind(Date);
    let offset = 0;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    try {
      s = await startSession();
      const logs: LogEvent[] = [];
      const sub = s.cluster.log$.subscribe((e) => logs.push(e));
      await firstValueFrom(s.session.execute('INSERT INTO t (k) VALUES (1)'));
      offset = -5000; // the wall clock steps back 5 s: timestamps stay monotonic, now 5 s ahead
      await firstValueFrom(s.session.execute('INSERT INTO t (k) VALUES (2)'));
      sub.unsubscribe();
      const drift = logs.filter((l) => l.level === 'warn' && /ahead of the wall clock/.test(l.message));
      expect(drift).toHaveLength(1);
      expect(drift[0]?.message).toMatch(/timestamps run (49|50)\d\d ms ahead/);
    } finally {
      spy.mockRestore();
    }
  });
});
