import { firstValueFrom, lastValueFrom, Subject, takeUntil, toArray } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import type { Host } from '../../lib/cluster/host';
import type { AttemptDecision, ExecutionObserver, ObservedExecution } from '../../lib/session/execution-observer';
import { ConstantSpeculativeExecutionPolicy } from '../../lib/policies/speculative-execution';
import { Opcode } from '../../lib/protocol/opcodes';
import type { Writer } from '../../lib/protocol/writer';
import { error, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const text = { kind: 'text' } as const;
const answer = (from: string) => ({ rows: { columns: [{ name: 'from', type: text }], rows: [[from]] } });
const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };

/** Records every call as a line, e.g. `sent 127.0.1.1:9042 speculative=false`. */
class Recorder implements ExecutionObserver {
  readonly calls: string[] = [];
  readonly seen: ObservedExecution[] = [];
  started(e: ObservedExecution): void {
    this.seen.push(e);
    this.calls.push(`started ${e.request.kind} ${e.request.cql} cl=${e.request.consistency} page=${e.request.pageSize}`);
  }
  attemptSent(e: ObservedExecution, host: Host, speculative: boolean): void {
    this.calls.push(`sent ${host.endpoint} attempt=${e.attempts} speculative=${speculative}`);
  }
  attemptFailed(_e: ObservedExecution, host: Host, err: Error, decision: AttemptDecision): void {
    this.calls.push(`failed ${host.endpoint} ${err.name} ${decision}`);
  }
  finished(e: ObservedExecution, host: string | undefined, _latencyMs: number, err: Error | undefined, cancelled: boolean): void {
    this.calls.push(`finished ${host} retries=${e.retries} error=${err?.name} cancelled=${cancelled}`);
  }
}

/** A Recorder that hands out a Recorder for each PREPARE it is asked about. */
class PreparingRecorder extends Recorder {
  readonly prepares: Recorder[] = [];
  preparing(query: string): ExecutionObserver {
    this.calls.push(`preparing ${query}`);
    const r = new Recorder();
    this.prepares.push(r);
    return r;
  }
}

describe('The execution observer option (scripted 3-node cluster)', () => {
  let s: Setup;
  let records: RequestRecord[];
  beforeEach(async () => {
    s = await startSession({ profiles: { spec: { speculativeExecution: new ConstantSpeculativeExecutionPolicy(40, 1) } } });
    records = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
  });
  afterEach(() => stopSession(s));

  it('sees the start, each attempt, the retry decision and the end, before the subscriber', async () => {
    // Later rules win: the first request anywhere is unavailable, the others answer.
    onAll(s.sim, 'SELECT un', answer('ok'));
    onAll(s.sim, 'SELECT un', error(0x1000, 'unavailable', unavailable), { times: 1 });
    const obs = new Recorder();
    const rs = await firstValueFrom(s.session.execute('SELECT un FROM t', undefined, { observer: obs, fetchSize: 10, consistency: 6 }));
    const [first, second] = rs.info.hostsTried;
    expect(obs.calls).toEqual([
      'started query SELECT un FROM t cl=6 page=10',
      `sent ${first} attempt=1 speculative=false`,
      `failed ${first} UnavailableError retry-next-host`,
      `sent ${second} attempt=2 speculative=false`,
      `finished ${second} retries=1 error=undefined cancelled=false`,
    ]);
    expect(obs.seen[0]?.request.idempotent).toBe(true);
  });

  it('marks a speculative attempt and reports a failure and a cancellation', async () => {
    onAll(s.sim, 'SELECT slow', answer('fast'));
    onAll(s.sim, 'SELECT slow', answer('slow'), { times: 1, delayMs: 300 });
    const obs = new Recorder();
    await firstValueFrom(s.session.execute('SELECT slow FROM t', undefined, { observer: obs, profile: 'spec' }));
    expect(obs.calls.filter((c) => c.startsWith('sent')).map((c) => c.split(' ')[3])).toEqual(['speculative=false', 'speculative=true']);

    onAll(s.sim, 'INSERT bad', error(0x2200, 'invalid'));
    const failed = new Recorder();
    await expect(firstValueFrom(s.session.execute('INSERT bad INTO t', undefined, { observer: failed }))).rejects.toThrow('invalid');
    expect(failed.calls.slice(-2)).toEqual([expect.stringContaining('InvalidQueryError rethrow'), expect.stringMatching(/error=InvalidQueryError cancelled=false$/)]);

    onAll(s.sim, 'SELECT never', answer('late'), { delayMs: 1000 });
    const cancelled = new Recorder();
    const stop = new Subject<void>();
    const done = lastValueFrom(s.session.execute('SELECT never FROM t', undefined, { observer: cancelled }).pipe(takeUntil(stop), toArray()));
    await waitFor(() => total(s.sim, 'SELECT never') === 1); // sent: the cancellation abandons a live attempt
    stop.next();
    await done;
    expect(cancelled.calls.at(-1)).toMatch(/cancelled=true$/);
  });

  it('is called for every page of a paging form, one execution after the other', async () => {
    onAll(s.sim, 'SELECT paged', {
      rows: (r) => ({ columns: [{ name: 'from', type: text }], rows: [['x']], pagingState: r.pagingState ? null : Buffer.from([1]) }),
    });
    const obs = new Recorder();
    await lastValueFrom(s.session.pages('SELECT paged FROM t', undefined, { observer: obs }).pipe(toArray()));
    expect(obs.calls.map((c) => c.split(' ')[0])).toEqual(['started', 'sent', 'finished', 'started', 'sent', 'finished']);
  });

  it('prepare: true: the execution that sends the PREPARE is asked for its observer; a hit, or a wait for a PREPARE in flight, is not', async () => {
    const int = { kind: 'int' } as const;
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('obs_t'), { prepared: { variables: [{ name: 'k', type: int }], pkIndexes: [0], result: [{ name: 'v', type: int }] } }, { delayMs: 30 });
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, { rows: { columns: [{ name: 'v', type: int }], rows: [[1]], noMetadata: true } });
    const q = 'SELECT v FROM obs_t WHERE k = ?';
    const [sender, waiter, hit] = [new PreparingRecorder(), new PreparingRecorder(), new PreparingRecorder()];
    await Promise.all([sender, waiter].map((observer, i) => lastValueFrom(s.session.execute(q, [i], { prepare: true, observer }))));
    await lastValueFrom(s.session.execute(q, [3], { prepare: true, observer: hit }));
    expect(sender.calls[0]).toBe(`preparing ${q}`);
    expect(sender.prepares).toHaveLength(1);
    const prepare = sender.prepares[0] as Recorder;
    expect(prepare.calls[0]).toBe(`started prepare ${q} cl=undefined page=undefined`);
    expect(prepare.calls[1]).toMatch(/^sent \S+ attempt=1 speculative=false$/);
    expect(prepare.calls[2]).toMatch(/^finished \S+ retries=0 error=undefined cancelled=false$/);
    // Then the EXECUTE's own life (it may meet UNPREPARED on a host the background PREPARE has not reached).
    const execute = sender.calls.slice(1).map((c) => c.split(' ')[0]);
    expect([execute[0], execute[execute.length - 1]]).toEqual(['started', 'finished']);
    expect(waiter.prepares).toHaveLength(0);
    expect(hit.prepares).toHaveLength(0);
    expect(hit.calls.some((c) => c.startsWith('preparing'))).toBe(false);
  });

  it('requests$ records carry the keyspace when known', async () => {
    onAll(s.sim, 'SELECT ks', answer('ok'));
    await firstValueFrom(s.session.execute('SELECT ks FROM t', undefined, { keyspace: 'shop' }));
    expect(records.at(-1)).toMatchObject({ keyspace: 'shop', query: 'SELECT ks FROM t' });
  });
});
