import { firstValueFrom, type Subscription } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import { OperationTimedOutError } from '../../lib/errors/client-errors';
import { Consistency } from '../../lib/protocol/consistency';
import { Opcode } from '../../lib/protocol/opcodes';
import { RETHROW, type RetryDecision, type RetryPolicy } from '../../lib/policies/retry';
import {
  error, onAll, parseWire, startSession, stopSession, tapRequests, total, waitFor, type Setup,
} from './scripted-session';

const int = { kind: 'int' } as const;
const unavailable = error(0x1000, 'unavailable', (w) => { w.short(Consistency.ONE).int(1).int(0); });

/** Retries an unavailable once on the same host at consistency ONE (a downgrading policy). */
class DowngradeOnce implements RetryPolicy {
  onReadTimeout(): RetryDecision { return RETHROW; }
  onWriteTimeout(): RetryDecision { return RETHROW; }
  onUnavailable(ctx: { retryCount: number }): RetryDecision {
    return ctx.retryCount === 0 ? { type: 'retry-same-host', consistency: Consistency.ONE } : RETHROW;
  }
  onRequestError(): RetryDecision { return RETHROW; }
}

describe('Batches and per-execution options on the wire (scripted 3-node cluster)', () => {
  let s: Setup;
  let tap: ReturnType<typeof tapRequests>;
  beforeEach(async () => {
    s = await startSession({
      profiles: {
        strong: { consistency: Consistency.QUORUM, timeoutMs: 60 },
        downgrade: { consistency: Consistency.QUORUM, retry: new DowngradeOnce() },
      },
    });
    tap = tapRequests();
  });
  afterEach(async () => {
    tap.restore();
    await stopSession(s);
  });
  const wire = (op: Opcode) => tap.requests.filter((r) => r.opcode === op).map(parseWire);

  it('the batch type byte reaches the server: logged, unlogged, counter; simple and prepared statements mixed', async () => {
    const ps = await firstValueFrom(s.session.prepare('INSERT INTO t (k) VALUES (1)'));
    const entries = [{ query: 'INSERT INTO t (k) VALUES (?)', params: [1] }, ps.bind([])];
    await firstValueFrom(s.session.batch(entries));
    await firstValueFrom(s.session.batch(entries, { type: 'unlogged' }));
    await firstValueFrom(s.session.batch(entries, { type: 'counter', consistency: Consistency.QUORUM }));
    const batches = wire(Opcode.Batch);
    expect(batches.map((b) => b.batchType)).toEqual([0, 1, 2]);
    expect(batches.every((b) => JSON.stringify(b.batchKinds) === '[0,1]')).toBe(true);
    expect(batches.map((b) => b.consistency)).toEqual([Consistency.LOCAL_ONE, Consistency.LOCAL_ONE, Consistency.QUORUM]);
    expect(batches.every((b) => typeof b.timestamp === 'bigint')).toBe(true);
  });

  it('consistency, page size, paging state, serial consistency, timestamp and keyspace (v5) reach the wire', async () => {
    const state = Buffer.from([1, 2, 3]);
    await firstValueFrom(s.session.execute('SELECT opts FROM t', undefined, {
      consistency: Consistency.QUORUM, fetchSize: 17, pagingState: state, serialConsistency: Consistency.LOCAL_SERIAL,
      timestamp: 1234567890n, keyspace: 'other_ks',
    }));
    const [q] = wire(Opcode.Query).filter((r) => r.query === 'SELECT opts FROM t');
    expect(tap.requests[0]?.version).toBe(5);
    expect(q).toMatchObject({
      consistency: Consistency.QUORUM, pageSize: 17, serialConsistency: Consistency.LOCAL_SERIAL, timestamp: 1234567890n, keyspace: 'other_ks',
    });
    expect(q?.pagingState?.equals(state)).toBe(true);
  });

  it('a number timestamp reaches the wire exactly, negative and large ones included; a bad one fails before anything is sent', async () => {
    const sentBefore = tap.requests.length;
    for (const t of [1_795_000_000_123_456, -1_000_000_007, Number.MAX_SAFE_INTEGER, 2 ** 32, 2 ** 32 - 1]) {
      await firstValueFrom(s.session.execute(`SELECT ts${t} FROM t`, undefined, { timestamp: t }));
    }
    const got = wire(Opcode.Query).filter((r) => r.query?.startsWith('SELECT ts')).map((r) => r.timestamp);
    expect(got).toEqual([1_795_000_000_123_456n, -1_000_000_007n, BigInt(Number.MAX_SAFE_INTEGER), 2n ** 32n, 2n ** 32n - 1n]);
    const bad = [1.5, 2 ** 60, Number.NaN, 2n ** 63n];
    for (const t of bad) {
      await expect(firstValueFrom(s.session.execute('SELECT bad FROM t', undefined, { timestamp: t }))).rejects.toThrow(/Option "timestamp"/);
    }
    expect(wire(Opcode.Query).filter((r) => r.query === 'SELECT bad FROM t')).toHaveLength(0);
    expect(tap.requests.length - sentBefore).toBe(5);
  });

  it('tracing sets the frame flag; a custom payload is sent as the body prefix', async () => {
    const payload = new Map<string, Buffer | null>([['k', Buffer.from('v')]]);
    await firstValueFrom(s.session.execute('SELECT traced FROM t', undefined, { tracing: true, customPayload: payload }));
    await firstValueFrom(s.session.execute('SELECT plain FROM t'));
    const [traced, plain] = tap.requests.filter((r) => r.opcode === Opcode.Query);
    expect((traced?.flags ?? 0) & 0x02).toBe(0x02);
    expect((plain?.flags ?? 0) & 0x06).toBe(0);
    expect(parseWire(traced as NonNullable<typeof traced>).customPayload?.get('k')?.toString()).toBe('v');
  });

  it('the default timestamp is generated once and reused by the retried attempt; each execution gets a new one', async () => {
    onAll(s.sim, 'INSERT ts', unavailable, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('INSERT ts INTO t'));
    expect(new Set(rs.info.hostsTried).size).toBe(2);
    await firstValueFrom(s.session.execute('INSERT ts INTO t'));
    const [a, b, c] = wire(Opcode.Query).filter((r) => r.query === 'INSERT ts INTO t').map((r) => r.timestamp);
    expect(typeof a).toBe('bigint');
    expect(b).toBe(a);
    expect((c as bigint) > (a as bigint)).toBe(true);
  });

  it('a retry decision with a consistency retries at that consistency', async () => {
    onAll(s.sim, 'SELECT down', unavailable, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('SELECT down FROM t', undefined, { profile: 'downgrade' }));
    expect(rs.info.retries).toBe(1);
    const sent = wire(Opcode.Query).filter((r) => r.query === 'SELECT down FROM t');
    expect(sent.map((r) => r.consistency)).toEqual([Consistency.QUORUM, Consistency.ONE]);
    expect(sent[1]?.timestamp).toBe(sent[0]?.timestamp);
  });

  it('a named execution profile brings its consistency and timeout', async () => {
    await firstValueFrom(s.session.execute('SELECT prof FROM t', undefined, { profile: 'strong' }));
    await firstValueFrom(s.session.execute('SELECT prof FROM t'));
    expect(wire(Opcode.Query).filter((r) => r.query === 'SELECT prof FROM t').map((r) => r.consistency))
      .toEqual([Consistency.QUORUM, Consistency.LOCAL_ONE]);
    onAll(s.sim, 'SELECT slowprof', { void: true }, { delayMs: 200 });
    const err = await firstValueFrom(s.session.execute('SELECT slowprof FROM t', undefined, { profile: 'strong' })).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(OperationTimedOutError);
    expect((err as OperationTimedOutError).timeoutMs).toBe(60);
    const unknown = await firstValueFrom(s.session.execute('SELECT x FROM t', undefined, { profile: 'nope' })).then(() => null, (e: Error) => e);
    expect(unknown?.message).toContain('Unknown execution profile "nope"');
  });
});

describe('Execution throttle (maxInFlight 2, maxQueued 1)', () => {
  let s: Setup;
  beforeEach(async () => { s = await startSession({ throttle: { maxInFlight: 2, maxQueued: 1 } }); });
  afterEach(() => stopSession(s));

  it('runs two, queues one, refuses the fourth with ThrottleQueueFullError without sending it', async () => {
    onAll(s.sim, 'SELECT th', { rows: { columns: [{ name: 'v', type: int }], rows: [[1]] } }, { delayMs: 100 });
    const outcomes: string[] = [];
    const subs: Subscription[] = [0, 1, 2, 3].map((i) => s.session.execute(`SELECT th ${i} FROM t`).subscribe({
      next: () => outcomes.push(`ok ${i}`),
      error: (e: Error) => outcomes.push(`${e.name} ${i}`),
    }));
    expect(outcomes).toEqual(['ThrottleQueueFullError 3']);
    await waitFor(() => total(s.sim, 'SELECT th') === 2);
    // Checked in the same turn: neither running one has finished, so the queued one is still held.
    expect(outcomes).toEqual(['ThrottleQueueFullError 3']);
    expect(total(s.sim, 'SELECT th 2')).toBe(0);
    await waitFor(() => outcomes.length === 4);
    expect(outcomes.slice(1).sort()).toEqual(['ok 0', 'ok 1', 'ok 2']);
    expect(total(s.sim, 'SELECT th 3')).toBe(0);
    subs.forEach((x) => x.unsubscribe());
  });

  it('a queued execution unsubscribed before it starts is never sent and frees its queue place', async () => {
    onAll(s.sim, 'SELECT tq', { void: true }, { delayMs: 80 });
    const records: RequestRecord[] = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
    const a = s.session.execute('SELECT tq a FROM t').subscribe();
    const b = s.session.execute('SELECT tq b FROM t').subscribe();
    const queued = s.session.execute('SELECT tq c FROM t').subscribe();
    queued.unsubscribe();
    const err = await firstValueFrom(s.session.execute('SELECT tq d FROM t')).then(() => null, (e: Error) => e);
    expect(err).toBeNull();
    expect(total(s.sim, 'SELECT tq c')).toBe(0);
    expect(total(s.sim, 'SELECT tq d')).toBe(1);
    // The cancelled one is recorded as cancelled, never sent, its latency measured from subscription.
    const cancelled = records.filter((r) => r.cancelled);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ query: 'SELECT tq c FROM t', attempts: 0, hosts: [] });
    expect(cancelled[0]?.latencyMs).toBeLessThan(1000);
    a.unsubscribe();
    b.unsubscribe();
  });
});
