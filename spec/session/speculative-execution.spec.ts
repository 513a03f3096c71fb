import { firstValueFrom } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import { ConstantSpeculativeExecutionPolicy } from '../../lib/policies/speculative-execution';
import { FakeClock } from '../support/fake-clock';
import { onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const text = { kind: 'text' } as const;
const answer = (from: string) => ({ rows: { columns: [{ name: 'from', type: text }], rows: [[from]] } });

// The speculative delays run on a fake clock: an attempt starts exactly when the spec moves time by
// 50 ms, never because the machine was slow. The scripted nodes' answer delays are real (socket I/O).
describe('Speculative executions (ConstantSpeculativeExecutionPolicy(50, 2), scripted 3-node cluster)', () => {
  let s: Setup;
  let clock: FakeClock;
  let records: RequestRecord[];
  const sent = (q: string, n: number): Promise<void> => waitFor(() => total(s.sim, q) === n);
  beforeEach(async () => {
    clock = new FakeClock();
    s = await startSession({ clock, profiles: { fast: { speculativeExecution: new ConstantSpeculativeExecutionPolicy(50, 2) } } });
    records = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
  });
  afterEach(() => stopSession(s));

  it('a slow first host loses to the second; the loser\'s stream id is orphaned until its late answer', async () => {
    onAll(s.sim, 'SELECT spec', answer('fast'));
    onAll(s.sim, 'SELECT spec', answer('slow'), { times: 1, delayMs: 500 });
    const result = firstValueFrom(s.session.execute('SELECT spec FROM t', undefined, { profile: 'fast' }));
    await sent('SELECT spec', 1); // the slow answer (first rule use)
    clock.advance(49);
    expect(total(s.sim, 'SELECT spec')).toBe(1);
    clock.advance(1); // the speculative delay elapses: a second attempt, on another host
    const rs = await result;
    expect(rs.first()?.['from']).toBe('fast');
    expect(rs.info.speculativeExecutions).toBe(1);
    expect(rs.info.hostsTried).toHaveLength(2);
    const [slow, fast] = rs.info.hostsTried;
    expect(fast).not.toBe(slow);
    expect(rs.info.host).toBe(fast);
    // No third attempt: the execution ended, its speculative timer is gone.
    clock.advance(1000);
    expect(total(s.sim, 'SELECT spec')).toBe(2);
    expect(s.cluster.metrics().hosts[slow as string]?.orphanedStreamIds).toBe(1);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ speculativeExecutions: 1, attempts: 2, host: fast });
    expect(records[0]?.error).toBeUndefined();
  });

  it('keeps speculating up to the maximum while every host is slow; the first answer wins', async () => {
    onAll(s.sim, 'SELECT slow', answer('slow'), { delayMs: 300 });
    const result = firstValueFrom(s.session.execute('SELECT slow FROM t', undefined, { profile: 'fast' }));
    await sent('SELECT slow', 1);
    clock.advance(50);
    await sent('SELECT slow', 2);
    clock.advance(50);
    await sent('SELECT slow', 3);
    clock.advance(50); // the maximum (2) is reached: no fourth attempt
    const rs = await result;
    expect(total(s.sim, 'SELECT slow')).toBe(3);
    expect(rs.info.speculativeExecutions).toBe(2);
    expect(new Set(rs.info.hostsTried).size).toBe(3);
    expect(rs.info.host).toBe(rs.info.hostsTried[0]);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(2);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0);
  });

  it('non-idempotent statements never speculate', async () => {
    onAll(s.sim, 'INSERT spec', { void: true }, { delayMs: 200 });
    const result = firstValueFrom(s.session.execute('INSERT spec INTO t', undefined, { profile: 'fast' }));
    await sent('INSERT spec', 1);
    clock.advance(500);
    const rs = await result;
    expect(rs.info.speculativeExecutions).toBe(0);
    expect(rs.info.hostsTried).toHaveLength(1);
    expect(total(s.sim, 'INSERT spec')).toBe(1);
  });

  it('the default profile never speculates, even for idempotent statements', async () => {
    onAll(s.sim, 'SELECT plain', answer('only'), { delayMs: 150 });
    const result = firstValueFrom(s.session.execute('SELECT plain FROM t'));
    await sent('SELECT plain', 1);
    clock.advance(500);
    const rs = await result;
    expect(rs.info.speculativeExecutions).toBe(0);
    expect(total(s.sim, 'SELECT plain')).toBe(1);
  });

  it('a speculative attempt that fails does not fail the execution while another is still running', async () => {
    onAll(s.sim, 'SELECT mixed', { error: { code: 0x2200, message: 'invalid on the speculative host' } });
    onAll(s.sim, 'SELECT mixed', answer('late-winner'), { times: 1, delayMs: 200 }); // newest rule: the first request
    const result = firstValueFrom(s.session.execute('SELECT mixed FROM t', undefined, { profile: 'fast' }));
    await sent('SELECT mixed', 1);
    clock.advance(50); // the speculative attempt fails at once; the first one answers later
    await sent('SELECT mixed', 2);
    const rs = await result;
    expect(rs.first()?.['from']).toBe('late-winner');
    expect(rs.info.speculativeExecutions).toBe(1);
  });
});
