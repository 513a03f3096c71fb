import { Debouncer } from '../../lib/cluster/debouncer';
import { FakeClock } from '../support/fake-clock';

describe('Debouncer', () => {
  it('collapses a burst into one run with every item', async () => {
    const clock = new FakeClock();
    const runs: number[][] = [];
    const d = new Debouncer<number>(clock, 100, async (items) => void runs.push(items));
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
    });
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
});
