import { firstValueFrom } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import { OperationTimedOutError } from '../../lib/errors/client-errors';
import { FakeClock } from '../support/fake-clock';
import { barrier, onAll, PROBE, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const int = { kind: 'int' } as const;

// Timeouts run on a fake clock (time moves only by clock.advance); the scripted nodes' answer
// delays are real socket I/O, waited for as conditions.
describe('Execution timeout and cancellation (scripted 3-node cluster)', () => {
  let s: Setup;
  let clock: FakeClock;
  let records: RequestRecord[];
  beforeEach(async () => {
    clock = new FakeClock();
    s = await startSession({ clock });
    records = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
  });
  afterEach(() => stopSession(s));

  it('the execution timeout fails with OperationTimedOutError, orphans the id, and the late answer frees it', async () => {
    onAll(s.sim, 'SELECT late', { rows: { columns: [{ name: 'v', type: int }], rows: [[1]] } }, { delayMs: 300 });
    let settled = false;
    const outcome = firstValueFrom(s.session.execute('SELECT late FROM t', undefined, { timeoutMs: 80, attemptTimeoutMs: 0 })).then(
      () => null, (e: Error) => e).finally(() => { settled = true; });
    await waitFor(() => total(s.sim, 'SELECT late') === 1);
    clock.advance(79);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    const err = await outcome;
    expect(err).toBeInstanceOf(OperationTimedOutError);
    const timedOut = err as OperationTimedOutError;
    expect(timedOut.timeoutMs).toBe(80);
    expect(timedOut.hosts).toHaveLength(1);
    // The whole execution timed out: no other host was tried.
    expect(total(s.sim, 'SELECT late')).toBe(1);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
    expect(s.cluster.metrics().hosts[timedOut.hosts[0] as string]?.orphanedStreamIds).toBe(1);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ error: 'OperationTimedOutError', attempts: 1, hosts: timedOut.hosts, latencyMs: 80 });
    expect(records[0]?.cancelled).toBeUndefined();
    expect(s.cluster.metrics().clientTimeouts).toBe(1);
  });

  it('a server that never answers: the timeout still fires and the connection keeps serving others', async () => {
    onAll(s.sim, 'SELECT never', { noResponse: true });
    const outcome = firstValueFrom(s.session.execute('SELECT never FROM t', undefined, { timeoutMs: 50, attemptTimeoutMs: 0 })).then(() => null, (e: Error) => e);
    await waitFor(() => total(s.sim, 'SELECT never') === 1);
    clock.advance(50);
    const err = await outcome;
    expect(err).toBeInstanceOf(OperationTimedOutError);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
    for (let i = 0; i < 3; i++) await firstValueFrom(s.session.execute('SELECT other FROM t'));
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
  });

  it('unsubscribing before the answer: nothing more is sent or emitted, the id is orphaned, the late answer frees it', async () => {
    onAll(s.sim, 'UPDATE cancel', { void: true }, { delayMs: 200 });
    const seen: string[] = [];
    const sub = s.session.execute('UPDATE cancel SET a = 1', undefined, { idempotent: true }).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    await waitFor(() => total(s.sim, 'UPDATE cancel') === 1);
    sub.unsubscribe();
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
    expect(s.cluster.metrics().inFlight).toBe(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ cancelled: true, attempts: 1, retries: 0 });
    expect(records[0]?.error).toBeUndefined();
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0); // the late answer arrived
    await barrier(s);
    expect(seen).toEqual([]);
    expect(total(s.sim, 'UPDATE cancel')).toBe(1);
    // A cancelled execution is not counted as a request in the metrics (only the barrier's probes are).
    expect(s.cluster.metrics().requests).toBe(s.sim.nodes.length);
  });

  it('unsubscribing cancels pending speculative or retry work: no timer fires afterwards', async () => {
    onAll(s.sim, 'SELECT quiet', { noResponse: true });
    const seen: unknown[] = [];
    const sub = s.session.execute('SELECT quiet FROM t', undefined, { timeoutMs: 60 }).subscribe({
      next: (v) => seen.push(v),
      error: (e: unknown) => seen.push(e),
    });
    await waitFor(() => total(s.sim, 'SELECT quiet') === 1);
    sub.unsubscribe();
    clock.advance(120); // past the 60 ms timeout: it was cancelled with the subscription
    await barrier(s);
    expect(seen).toEqual([]);
    const own = records.filter((r) => r.query !== PROBE);
    expect(own).toHaveLength(1);
    expect(own[0]?.cancelled).toBe(true);
  });

  it('requests$ gets one record per finished execution with its outcome', async () => {
    onAll(s.sim, 'SELECT bad', { error: { code: 0x2200, message: 'nope' } });
    await firstValueFrom(s.session.execute('SELECT good FROM t'));
    await firstValueFrom(s.session.execute('SELECT bad FROM t')).catch(() => undefined);
    expect(records.map((r) => [r.query, r.error ?? null, r.attempts])).toEqual([
      ['SELECT good FROM t', null, 1],
      ['SELECT bad FROM t', 'InvalidQueryError', 1],
    ]);
    expect(records.every((r) => r.hosts.length === 1 && r.latencyMs >= 0)).toBe(true);
  });
});
