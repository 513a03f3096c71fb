import { catchError, firstValueFrom, map, mergeMap, of, takeUntil, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { InvalidValueError } from '../../lib/errors/codec-errors';
import { StatementError } from '../../lib/errors/client-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import type { PreparedStatement } from '../../lib/session/statements';
import { barrier, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const int = { kind: 'int' } as const;
const text = { kind: 'text' } as const;
const Q = 'SELECT rx FROM t';

describe('RxJS semantics of executions (scripted 3-node cluster)', () => {
  let s: Setup;
  let ps: PreparedStatement;
  beforeEach(async () => {
    s = await startSession();
    onAll(s.sim, Q, { rows: { columns: [{ name: 'v', type: int }], rows: [[1], [2]] } });
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('FROM users'), {
      prepared: { variables: [{ name: 'id', type: int }, { name: 'name', type: text }], pkIndexes: [0] },
    });
    ps = await firstValueFrom(s.session.prepare('SELECT * FROM users WHERE id = ? AND name = ?'));
  });
  afterEach(() => stopSession(s));

  const sentNothing = (): boolean => total(s.sim, Q) === 0 && s.sim.nodes.every((n) => n.received.every((r) => r.opcode !== Opcode.Execute));

  describe('in virtual time (TestScheduler)', () => {
    const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

    it('is cold: composed behind a timer and cancelled before it fires, nothing is sent', async () => {
      scheduler().run(({ expectObservable }) => {
        const exec = s.session.execute(Q);
        expectObservable(timer(50).pipe(mergeMap(() => exec)), '^ 10ms !').toBe('');
        expectObservable(timer(30).pipe(mergeMap(() => exec), takeUntil(timer(20)))).toBe('20ms |');
      });
      await barrier(s);
      expect(sentNothing()).toBe(true);
    });

    it('statement-building errors arrive as Observable errors at subscription, nothing sent', async () => {
      scheduler().run(({ expectObservable }) => {
        const named = (o: ReturnType<typeof s.session.execute>) =>
          o.pipe(map(() => 'value'), catchError((e: Error) => of(`${e.name}: ${e instanceof InvalidValueError ? e.target : ''}`)));
        expectObservable(named(s.session.execute(ps, ['one', 'ann']))).toBe('(a|)', { a: 'InvalidValueError: parameter 0 ("id")' });
        expectObservable(named(s.session.execute(ps, [1]))).toBe('(a|)', { a: 'StatementError: ' });
        expectObservable(named(s.session.execute(Q, ['x'], { hints: ['int'] }))).toBe('(a|)', { a: 'InvalidValueError: parameter 0' });
      });
      await barrier(s);
      expect(sentNothing()).toBe(true);
    });
  });

  it('nothing is sent before subscription; each subscription executes again', async () => {
    const exec = s.session.execute(Q);
    await barrier(s);
    expect(total(s.sim, Q)).toBe(0);
    await firstValueFrom(exec);
    await firstValueFrom(exec);
    await firstValueFrom(exec);
    expect(total(s.sim, Q)).toBe(3);
  });

  it('emits exactly one ResultSet, then completes', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      s.session.execute(Q).subscribe({
        next: (rs) => events.push(`next:${rs.rowLength}`),
        error: () => { events.push('error'); resolve(); },
        complete: () => { events.push('complete'); resolve(); },
      });
    });
    await barrier(s);
    expect(events).toEqual(['next:2', 'complete']);
  });

  it('emits exactly one error and no value on failure', async () => {
    onAll(s.sim, 'SELECT broken', { error: { code: 0x2200, message: 'bad' } });
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      s.session.execute('SELECT broken FROM t').subscribe({
        next: () => events.push('next'),
        error: (e: Error) => { events.push(`error:${e.name}`); resolve(); },
        complete: () => { events.push('complete'); resolve(); },
      });
    });
    await barrier(s);
    expect(events).toEqual(['error:InvalidQueryError']);
  });

  it('emits nothing after unsubscribe', async () => {
    onAll(s.sim, 'SELECT slow', { rows: { columns: [{ name: 'v', type: int }], rows: [[1]] } }, { delayMs: 80 });
    const events: string[] = [];
    const sub = s.session.execute('SELECT slow FROM t').subscribe({
      next: () => events.push('next'), error: () => events.push('error'), complete: () => events.push('complete'),
    });
    await waitFor(() => total(s.sim, 'SELECT slow') === 1);
    sub.unsubscribe();
    // The late answer arrives (its stream id is freed) and still reaches no subscriber.
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 1);
    await waitFor(() => s.cluster.metrics().orphanedStreamIds === 0);
    expect(events).toEqual([]);
  });

  it('bad parameter types give InvalidValueError naming the parameter; nothing is sent', async () => {
    const err = await firstValueFrom(s.session.execute(ps, { id: 1, name: 42 })).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(InvalidValueError);
    expect((err as InvalidValueError).target).toBe('parameter 1 ("name")');
    expect((err as InvalidValueError).cqlType).toBe('text');
    const unknown = await firstValueFrom(s.session.execute(ps, { id: 1, nope: 'x' })).then(() => null, (e: Error) => e);
    expect(unknown).toBeInstanceOf(StatementError);
    expect(unknown?.message).toContain('nope');
    const batch = await firstValueFrom(s.session.batch([{ query: 'INSERT x', params: [Symbol('s')] }])).then(() => null, (e: Error) => e);
    expect(batch).toBeInstanceOf(InvalidValueError);
    await barrier(s);
    expect(sentNothing()).toBe(true);
    expect(total(s.sim, 'INSERT x')).toBe(0);
  });
});
