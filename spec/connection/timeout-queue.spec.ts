import { TimeoutQueue, type Expirable } from '../../lib/connection/timeout-queue';
import { FakeClock } from '../support/fake-clock';

class Item implements Expirable {
  live = true;
  expiredAt = -1;
  constructor(readonly deadline: number, private readonly clock: FakeClock) {}
  expired(): void {
    this.expiredAt = this.clock.now();
    this.live = false;
  }
}

describe('TimeoutQueue', () => {
  it('expires live items at their deadline, in order, with one timer per duration', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    const items: Item[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(10);
      const it = new Item(clock.now() + 100, clock);
      items.push(it);
      q.add(it, 100);
    }
    expect(clock.pending).toBe(1);
    items[1]!.live = false; // finished before its deadline
    clock.advance(59);
    expect(items.map((i) => i.expiredAt)).toEqual([-1, -1, -1, -1, -1]);
    clock.advance(1);
    expect(items[0]!.expiredAt).toBe(110);
    clock.advance(100);
    expect(items.map((i) => i.expiredAt)).toEqual([110, -1, 130, 140, 150]);
    expect(clock.pending).toBe(0);
    expect(q.size).toBe(0);
  });

  it('keeps separate lanes for different durations', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    const long = new Item(1000, clock);
    const short = new Item(50, clock);
    q.add(long, 1000);
    q.add(short, 50);
    clock.advance(50);
    expect(short.expiredAt).toBe(50);
    expect(long.expiredAt).toBe(-1);
    clock.advance(950);
    expect(long.expiredAt).toBe(1000);
  });

  it('stays small when items finish long before their deadline', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    for (let i = 0; i < 100_000; i++) {
      const it = new Item(clock.now() + 12_000, clock);
      q.add(it, 12_000);
      it.live = false;
    }
    expect(q.size).toBeLessThanOrEqual(65);
    q.clear();
    expect(clock.pending).toBe(0);
  });
});

describe('TimeoutQueue memory', () => {
  it('never holds many more finished entries than live ones', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    const live: Item[] = [];
    for (let i = 0; i < 20_000; i++) {
      const it = new Item(clock.now() + 12_000, clock);
      q.add(it, 12_000);
      live.push(it);
      if (live.length > 300) (live.shift() as Item).live = false; // 300 in flight, the rest finished
    }
    expect(q.size).toBeLessThanOrEqual(2 * 301 + 64 + 1);
  });
});

describe('TimeoutQueue releases finished entries early', () => {
  it('entries finishing in start order are dropped at the next add: the lane holds about the live ones', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    const live: Item[] = [];
    let most = 0;
    for (let i = 0; i < 20_000; i++) {
      const it = new Item(clock.now() + 12_000, clock);
      q.add(it, 12_000);
      live.push(it);
      if (live.length > 1024) (live.shift() as Item).live = false; // 1,024 in flight, finishing in order
      most = Math.max(most, q.size);
    }
    // Finished entries are not kept behind for a later compaction (which allowed 2 × live + 64).
    expect(most).toBeLessThanOrEqual(1024 + 2);
  });

  it('a slow request keeps only the entries behind it, and they go once it finishes', () => {
    const clock = new FakeClock();
    const q = new TimeoutQueue(clock);
    const slow = new Item(clock.now() + 12_000, clock);
    q.add(slow, 12_000);
    for (let i = 0; i < 500; i++) {
      const it = new Item(clock.now() + 12_000, clock);
      q.add(it, 12_000);
      it.live = false;
    }
    expect(q.size).toBeGreaterThan(1);
    slow.live = false;
    q.add(new Item(clock.now() + 12_000, clock), 12_000);
    expect(q.size).toBe(1);
  });
});
