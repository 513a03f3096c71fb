import { firstValueFrom } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import { ConstantSpeculativeExecutionPolicy } from '../../lib/policies/speculative-execution';
import { onAll, sleep, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const text = { kind: 'text' } as const;
const answer = (from: string) => ({ rows: { columns: [{ name: 'from', type: text }], rows: [[from]] } });

describe('Speculative executions (ConstantSpeculativeExecutionPolicy(50, 2), scripted 3-node cluster)', () => {
  let s: Setup;
  let records: RequestRecord[];
  beforeEach(async () => {
    s = await startSession({ profiles: { fast: { speculativeExecution: new ConstantSpeculativeExecutionPolicy(50, 2) } } });
    records = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
  });
  afterEach(() => stopSession(s));

  it('a slow first host loses to the second; the loser\'s stream id is orphaned until its late answer', async () => {
    onAll(s.sim, 'SELECT spec', answer('fast'));
    onAll(s.sim, 'SELECT spec', answer('slow'), { times: 1, delayMs: 500 });
    const started = Date.now();
    const rs = await firstValueFrom(s.session.execute('SELECT spec FROM t', undefined, { profile: 'fast' }));
    expect(Date.now() - started).toBeLessThan(400);
    expect(rs.first()?.['from']).toBe('fast');
    expect(rs.info.speculativeExecutions).toBe(1);
    expect(rs.info.hostsTried).toHaveLength(2);
    const [slow, fast] = rs.info.hostsTried;
    expect(fast).not.toBe(slow);
    expect(rs.info.host).toBe(fast);
    // No third attempt: the execution ended before the second delay elapsed.
    await sleep(120);
    expect(total(s.sim, 'SELECT spec')).toBe(2);
    expect(s.cluster.metrics().hosts[slow as string]?.orphanedStreamIds).toBe(1);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(1);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0, 1500);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ speculativeExecutions: 1, attempts: 2, host: fast });
    expect(records[0]?.error).toBeUndefined();
  });

  it('keeps speculating up to the maximum while every host is slow; the first answer wins', async () => {
    onAll(s.sim, 'SELECT slow', answer('slow'), { delayMs: 300 });
    const rs = await firstValueFrom(s.session.execute('SELECT slow FROM t', undefined, { profile: 'fast' }));
    expect(rs.info.speculativeExecutions).toBe(2);
    expect(new Set(rs.info.hostsTried).size).toBe(3);
    expect(rs.info.host).toBe(rs.info.hostsTried[0]);
    expect(s.cluster.metrics().orphanedStreamIds).toBe(2);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0, 1500);
  });

  it('non-idempotent statements never speculate', async () => {
    onAll(s.sim, 'INSERT spec', { void: true }, { delayMs: 200 });
    const rs = await firstValueFrom(s.session.execute('INSERT spec INTO t', undefined, { profile: 'fast' }));
    expect(rs.info.speculativeExecutions).toBe(0);
    expect(rs.info.hostsTried).toHaveLength(1);
    expect(total(s.sim, 'INSERT spec')).toBe(1);
  });

  it('the default profile never speculates, even for idempotent statements', async () => {
    onAll(s.sim, 'SELECT plain', answer('only'), { delayMs: 150 });
    const rs = await firstValueFrom(s.session.execute('SELECT plain FROM t'));
    expect(rs.info.speculativeExecutions).toBe(0);
    expect(total(s.sim, 'SELECT plain')).toBe(1);
  });

  it('a speculative attempt that fails does not fail the execution while another is still running', async () => {
    onAll(s.sim, 'SELECT mixed', { error: { code: 0x2200, message: 'invalid on the speculative host' } });
    onAll(s.sim, 'SELECT mixed', answer('late-winner'), { times: 1, delayMs: 200 }); // newest rule: the first request
    const rs = await firstValueFrom(s.session.execute('SELECT mixed FROM t', undefined, { profile: 'fast' }));
    expect(rs.first()?.['from']).toBe('late-winner');
    expect(rs.info.speculativeExecutions).toBeGreaterThanOrEqual(1);
  });
});
