import { Debouncer, type DebounceRetry } from '../../lib/cluster/debouncer';
import { FakeClock } from '../support/fake-clock';

const noRetry: DebounceRetry = { maxAttempts: 1, delayMs: () => 0, onFailure: () => undefined };

/** Lets the action's promise chain settle (the fake clock moves only when told). */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('Debouncer', () => {
  it('collapses a burst into one run with every item', async () => {
    const clock = new FakeClock();
    const runs: number[][] = [];
    const d = new Debouncer<number>(clock, 100, async (items) => void runs.push(items), noRetry);
    for (let i = 0; i < 50; i++) d.trigger(i);
    clock.advance(99);
    expect(runs).toEqual([]);
    clock.advance(1);
    await d.idle();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(50);
  });

  it('arms a new window for triggers during a run, and stops cleanly', async () => {
    const clock = new FakeClock();
    let release: () => void = () => undefined;
    const runs: number[][] = [];
    const d = new Debouncer<number>(clock, 10, (items) => {
      runs.push(items);
      return new Promise((r) => (release = r));
    }, noRetry);
    d.trigger(1);
    clock.advance(10);
    d.trigger(2);
    d.trigger(3);
    release();
    await new Promise((r) => setImmediate(r));
    clock.advance(10);
    release();
    await d.idle();
    expect(runs).toEqual([[1], [2, 3]]);
    d.trigger(4);
    d.stop();
    expect(clock.pending).toBe(0);
  });

  it('retries a failed run with its items after the backoff, on the clock, and reports each failure', async () => {
    const clock = new FakeClock();
    const runs: Array<{ at: number; items: number[] }> = [];
    const failures: Array<[number, number | null]> = [];
    let failing = 2;
    const d = new Debouncer<number>(clock, 10, async (items) => {
      runs.push({ at: clock.now(), items });
      if (failing-- > 0) throw new Error('node busy');
    }, { maxAttempts: 5, delayMs: (n) => 100 * 2 ** n, onFailure: (_e, attempt, retryIn) => void failures.push([attempt, retryIn]) });
    d.trigger(1);
    clock.advance(10);
    await flush();
    d.trigger(2); // joins the retry
    clock.advance(199);
    await flush();
    expect(runs).toHaveLength(1);
    clock.advance(1);
    await flush();
    clock.advance(400);
    await flush();
    expect(runs).toEqual([{ at: 10, items: [1] }, { at: 210, items: [1, 2] }, { at: 610, items: [1, 2] }]);
    expect(failures).toEqual([[1, 200], [2, 400]]);
    await d.idle();
    expect(clock.pending).toBe(0);
  });

  it('gives up after maxAttempts, says so, and runs again on the next trigger', async () => {
    const clock = new FakeClock();
    const failures: Array<[number, number | null]> = [];
    let calls = 0;
    const d = new Debouncer<number>(clock, 10, async () => {
      calls++;
      throw new Error('down');
    }, { maxAttempts: 3, delayMs: () => 50, onFailure: (_e, attempt, retryIn) => void failures.push([attempt, retryIn]) });
    d.trigger(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(50);
      await flush();
    }
    expect(calls).toBe(3);
    expect(failures).toEqual([[1, 50], [2, 50], [3, null]]);
    expect(clock.pending).toBe(0);
    d.trigger(2);
    clock.advance(10);
    await flush();
    expect(calls).toBe(4);
    expect(failures[3]).toEqual([1, 50]);
    d.stop();
  });
});
