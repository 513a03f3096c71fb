/**
 * Reading a query trace (`session.trace(id)`, `fetchTrace`) on a scripted cluster: the polling of
 * system_traces.sessions is paced by the cluster's clock (a fake one here), stops on unsubscribe
 * (no further read, no timer left, the read in flight cancelled), and gives up typed.
 */
import { firstValueFrom, lastValueFrom, type Subscription } from 'rxjs';
import type { Clock } from '../../lib/connection/clock';
import { StatementError } from '../../lib/errors/client-errors';
import { TraceNotReadyError } from '../../lib/errors/client-errors';
import { fetchTrace, type QueryTrace } from '../../lib/session/trace';
import type { DataType } from '../../lib/types/data-type';
import { FakeClock } from '../support/fake-clock';
import type { RowsSpec } from '../support/scripted-server';
import { barrier, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const ID = '6a4f1d10-3c5e-11ef-9a2b-0123456789ab';
const T = (kind: 'text' | 'int' | 'timestamp'): DataType => ({ kind } as DataType);
const SESSIONS = 'FROM system_traces.sessions';
const EVENTS = 'FROM system_traces.events';

/** The sessions row: `duration` null while the coordinator is still writing the trace. */
function sessionRow(duration: number | null): RowsSpec {
  return {
    columns: [
      { name: 'coordinator', type: T('text') }, { name: 'duration', type: T('int') }, { name: 'request', type: T('text') },
      { name: 'started_at', type: T('timestamp') }, { name: 'parameters', type: { kind: 'map', key: T('text'), value: T('text') } },
    ],
    rows: [['127.0.100.1', duration, 'Execute CQL3 query', new Date(0), new Map([['query', 'SELECT 1']])]],
  };
}

const EVENT_ROWS: RowsSpec = {
  columns: [{ name: 'activity', type: T('text') }, { name: 'source', type: T('text') }, { name: 'source_elapsed', type: T('int') }, { name: 'thread', type: T('text') }],
  rows: [['Parsing SELECT 1', '127.0.100.1', 12, 'Native-Transport-1'], ['Read 1 live rows', '127.0.100.2', 340, 'ReadStage-2']],
};

/** The cluster's fake clock as the trace reader sees it: counts the timers it arms and those still armed. */
function traced(clock: FakeClock): { readonly clock: Clock; armed: number; live: number } {
  const t = {
    armed: 0,
    live: 0,
    clock: {
      now: () => clock.now(),
      setTimeout: (fn: () => void, ms: number) => {
        t.armed++;
        t.live++;
        let done = false;
        const end = (): void => { if (!done) { done = true; t.live--; } };
        const handle = clock.setTimeout(() => { end(); fn(); }, ms);
        return { cancel: () => { end(); handle.cancel(); } };
      },
    },
  };
  return t;
}

describe('query traces', () => {
  let s: Setup | undefined;
  let sub: Subscription | undefined;
  const reads = (): number => (s ? total(s.sim, SESSIONS) : 0);
  afterEach(async () => {
    sub?.unsubscribe();
    sub = undefined;
    await stopSession(s);
    s = undefined;
  });

  it('polls at intervalMs on the cluster clock, then reads the events of the completed trace', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock });
    onAll(s.sim, SESSIONS, { rows: sessionRow(null) });
    onAll(s.sim, EVENTS, { rows: EVENT_ROWS });
    let trace: QueryTrace | undefined;
    const t = traced(clock);
    sub = fetchTrace(s.session, ID, { intervalMs: 250 }, t.clock).subscribe((value) => (trace = value));
    await waitFor(() => t.armed === 1); // read 1 answered: incomplete, the pause armed on the injected clock
    await barrier(s);
    expect(reads()).toBe(1);
    clock.advance(249);
    await barrier(s); // a read due now would have reached a node before the probes were answered
    expect(reads()).toBe(1);
    clock.advance(1);
    await waitFor(() => t.armed === 2);
    expect(reads()).toBe(2);
    onAll(s.sim, SESSIONS, { rows: sessionRow(1234) }); // the coordinator has finished writing
    clock.advance(250);
    await waitFor(() => trace !== undefined);
    expect(reads()).toBe(3);
    expect(trace).toEqual({
      id: ID, coordinator: '127.0.100.1', durationMicros: 1234, request: 'Execute CQL3 query', startedAt: new Date(0),
      parameters: new Map([['query', 'SELECT 1']]),
      events: [
        { activity: 'Parsing SELECT 1', source: '127.0.100.1', sourceElapsedMicros: 12, thread: 'Native-Transport-1' },
        { activity: 'Read 1 live rows', source: '127.0.100.2', sourceElapsedMicros: 340, thread: 'ReadStage-2' },
      ],
    });
    expect(total(s.sim, EVENTS)).toBe(1);
  });

  it('stops on unsubscribe: no read after it, and no timer of its own left on the clock', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock });
    onAll(s.sim, SESSIONS, { rows: sessionRow(null) });
    const t = traced(clock);
    sub = fetchTrace(s.session, ID, { intervalMs: 100, attempts: 50 }, t.clock).subscribe();
    await waitFor(() => t.armed === 1);
    clock.advance(100);
    await waitFor(() => t.armed === 2); // read 2 answered, the pause before read 3 armed
    expect(reads()).toBe(2);
    sub.unsubscribe();
    expect(t.live).toBe(0);
    clock.advance(10_000);
    await barrier(s);
    expect(reads()).toBe(2);
  });

  it('unsubscribing while a read is in flight cancels it and reads nothing more', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock });
    onAll(s.sim, SESSIONS, { noResponse: true });
    const t = traced(clock);
    const inFlight = (): number => s?.cluster.metrics().inFlight ?? -1;
    sub = fetchTrace(s.session, ID, { intervalMs: 10 }, t.clock).subscribe();
    await waitFor(() => reads() === 1);
    expect(inFlight()).toBe(1);
    sub.unsubscribe();
    expect(inFlight()).toBe(0);
    expect(t.armed).toBe(0);
    clock.advance(60_000); // past the execution's timeout: nothing retried
    await barrier(s);
    expect(reads()).toBe(1);
  });

  it('session.trace stops polling on unsubscribe', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock });
    onAll(s.sim, SESSIONS, { rows: sessionRow(null) });
    sub = s.session.trace(ID, { intervalMs: 10, attempts: 1000 }).subscribe();
    await waitFor(() => reads() === 1 && s?.cluster.metrics().inFlight === 0); // read 1 answered: the pause is armed
    clock.advance(10);
    await waitFor(() => reads() === 2);
    sub.unsubscribe();
    clock.advance(10_000); // many intervals: no read after the unsubscription
    await barrier(s);
    expect(reads()).toBe(2);
  });

  it('fails with TraceNotReadyError after `attempts` reads', async () => {
    const clock = new FakeClock();
    s = await startSession({ clock });
    onAll(s.sim, SESSIONS, { rows: sessionRow(null) });
    const t = traced(clock);
    const outcome = lastValueFrom(fetchTrace(s.session, ID, { attempts: 3, intervalMs: 100 }, t.clock)).then(() => null, (e: unknown) => e);
    for (let i = 1; i <= 2; i++) {
      await waitFor(() => t.armed === i);
      clock.advance(100);
    }
    const error = await outcome;
    expect(t.armed).toBe(2); // no pause after the last read
    expect(error).toBeInstanceOf(TraceNotReadyError);
    expect((error as Error).message).toBe(`Trace ${ID} was not complete after 3 reads`);
    expect(reads()).toBe(3);
  });

  it.each([
    ['a trace id that is not a UUID', 'not-a-uuid', {}],
    ['attempts 0', ID, { attempts: 0 }],
    ['a negative interval', ID, { intervalMs: -1 }],
  ])('rejects %s with a StatementError, sending nothing', async (_what, id, options) => {
    s = await startSession();
    const before = reads();
    await expect(firstValueFrom(s.session.trace(id, options))).rejects.toThrow(StatementError);
    expect(reads()).toBe(before);
  });
});
